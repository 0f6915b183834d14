import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="error-page">
      <h1>Not found</h1>
      <p>
        There is no page here. See the <Link href="/studies">studies</Link> or the{' '}
        <Link href="/jobs">jobs</Link>.
      </p>
    </section>
  );
}

'use client';
/** Turns a failed page into a sentence and a retry button (GraphQL errors carry the server's message). */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="error-page" role="alert">
      <h1>Something went wrong</h1>
      <p>{error.message || 'The page could not be shown.'}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}

'use client';
/** Top navigation; the current section is marked with aria-current. */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { TokenForm } from './token-form';

const LINKS = [
  { href: '/studies', label: 'Studies' },
  { href: '/models', label: 'Models' },
  { href: '/datasets', label: 'Datasets' },
  { href: '/inversions', label: 'Inversions' },
  { href: '/jobs', label: 'Jobs' },
];

export function Nav() {
  const pathname = usePathname();
  return (
    <header className="top">
      <Link href="/" className="brand">
        SimLab
      </Link>
      <nav aria-label="Sections">
        <ul>
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} aria-current={pathname.startsWith(link.href) ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <TokenForm />
    </header>
  );
}

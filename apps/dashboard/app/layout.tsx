import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { readRuntimeConfig } from '../lib/runtime-config';
import { Nav } from '../ui/shell/nav';
import { SessionProvider } from '../ui/shell/session-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'SimLab', template: '%s · SimLab' },
  description: 'How similar are these networks really? Natural and inverted CKA, live.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const config = await readRuntimeConfig();
  return (
    <html lang="en">
      <body>
        <SessionProvider config={config}>
          <Nav />
          <main>{children}</main>
        </SessionProvider>
      </body>
    </html>
  );
}

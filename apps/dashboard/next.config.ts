import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The monorepo root holds the lockfile; tell Turbopack so it does not guess.
  turbopack: { root: new URL('../..', import.meta.url).pathname },
};

export default nextConfig;

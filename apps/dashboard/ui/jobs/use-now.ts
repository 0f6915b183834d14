'use client';
import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` (null: frozen), for elapsed times and ETAs that tick. */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

'use client';
import { useEffect, useRef } from 'react';
import { useSession } from './session-provider';

/**
 * Runs `resync` after the subscription socket (re)connects: live views take a fresh snapshot, so events
 * published before the subscription started, or while the socket was down, are not lost.
 */
export function useResyncOnConnect(resync: () => void): void {
  const { onConnected } = useSession();
  const latest = useRef(resync);
  latest.current = resync;
  useEffect(
    () =>
      onConnected(() => {
        // Let the server register the subscriptions sent right after the handshake before the snapshot is taken.
        setTimeout(() => latest.current(), 200);
      }),
    [onConnected],
  );
}

'use client';
/** Header control: who the dashboard speaks as, and a field to paste an API token (kept in this browser only). */
import { type FormEvent, useState } from 'react';
import { ClientSuspense } from './client-suspense';
import { useSession } from './session-provider';
import { useRole } from './use-role';

function RoleBadge() {
  const { role, name, refused } = useRole();
  if (refused) {
    return (
      <span className="badge badge-failed" data-testid="role-badge" title={refused}>
        token refused
      </span>
    );
  }
  return (
    <span className={`badge role-${role.toLowerCase()}`} data-testid="role-badge" title={name}>
      {role.toLowerCase()}
    </span>
  );
}

export function TokenForm() {
  const { token, setToken } = useSession();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setToken(value);
    setValue('');
    setEditing(false);
  };
  return (
    <div className="token-form">
      <ClientSuspense fallback={<span className="badge">…</span>}>
        <RoleBadge />
      </ClientSuspense>
      {editing ? (
        <form onSubmit={submit}>
          <label htmlFor="token-input" className="visually-hidden">
            API token
          </label>
          <input
            id="token-input"
            type="password"
            autoComplete="off"
            placeholder="slk_…"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit">Use</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button type="button" onClick={() => setEditing(true)}>
            {token ? 'Change token' : 'Enter token'}
          </button>
          {token && (
            <button type="button" onClick={() => setToken(null)}>
              Sign out
            </button>
          )}
        </>
      )}
    </div>
  );
}

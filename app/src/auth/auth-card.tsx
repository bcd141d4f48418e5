// The card the signed-out screens share (sign-in, first-run set-up): the brand mark, a heading
// that names the form, and the form itself.
import type { FormEvent, ReactNode } from 'react';

export function AuthCard({ id, title, className = '', onSubmit, children }: { id: string; title: string; className?: string; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  return (
    <main className="signin" id="main">
      <form className={`card signin-card ${className}`} onSubmit={onSubmit} aria-labelledby={id}>
        <div className="brand-mark" aria-hidden="true">F</div>
        <h1 id={id}>{title}</h1>
        {children}
      </form>
    </main>
  );
}

import type { AgentRole } from '@frontline/shared';

/** The signed-in agent a request acts for. */
export interface Principal {
  id: number;
  email: string;
  name: string;
  role: AgentRole;
  teamIds: number[];
  /** How the request proved who it is; CSRF checks apply to cookie sessions only. */
  via: 'cookie' | 'bearer';
  csrfToken: string | null;
  /** The hash of the session secret when the request came with one (a session, not an API token). */
  sessionHash: string | null;
}

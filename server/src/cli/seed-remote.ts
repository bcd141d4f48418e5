// `seed-demo` through a running server (POST /api/v1/admin/demo-data): the embedded database may
// be open in one process only, so while `npm start` runs the server does the seeding itself.
import type { SeedResult } from './seed-demo.ts';
import { UsageError } from './create-admin.ts';

export interface RemoteSeedInput {
  url: string;
  /** An admin's API token; otherwise the admin's email and password sign in first. */
  token?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
  /** Added to the "no server answers" message (e.g. how to clear a stale lock file). */
  unreachableHint?: string | undefined;
}

export async function seedThroughServer(input: RemoteSeedInput): Promise<SeedResult> {
  const api = `${input.url.replace(/\/+$/, '')}/api/v1`;
  let token = input.token;
  if (!token) {
    if (!input.email || !input.password) {
      throw new UsageError('The server is running, so the demo data goes through it: give an admin\'s --email and --password (or FRONTLINE_ADMIN_EMAIL/FRONTLINE_ADMIN_PASSWORD), or an admin\'s API token with --token.');
    }
    const login = await call(`${api}/auth/login`, { email: input.email, password: input.password });
    if (login.status === 401) throw new UsageError(`The server at ${input.url} refused the sign-in of ${input.email}: the email or password is wrong.`);
    if (!login.ok) throw new UsageError(`The server at ${input.url} refused the sign-in (${login.status}): ${await errorMessage(login)}`);
    token = ((await login.json()) as { token: string }).token;
  }
  const seeded = await call(`${api}/admin/demo-data`, {}, token);
  if (seeded.status === 403) throw new UsageError('Only an admin may add the demo data; sign in as one.');
  if (!seeded.ok) throw new UsageError(`The server at ${input.url} answered ${seeded.status}: ${await errorMessage(seeded)}`);
  return (await seeded.json()) as SeedResult;

  async function call(url: string, body: unknown, bearer?: string): Promise<Response> {
    try {
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer && { authorization: `Bearer ${bearer}` }) }, body: JSON.stringify(body) });
    } catch {
      throw new UsageError(`No Frontline server answers at ${input.url}. Start it (npm start), or pass its address with --url.${input.unreachableHint ? ` ${input.unreachableHint}` : ''}`);
    }
  }
}

async function errorMessage(response: Response): Promise<string> {
  try {
    return ((await response.json()) as { error?: { message?: string } }).error?.message ?? response.statusText;
  } catch {
    return response.statusText;
  }
}

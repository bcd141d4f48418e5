// What connecting a chat channel (a Telegram bot, a WhatsApp number) checks and keeps alike: the
// team its tickets go to exists, and its credentials are sealed with the secret box.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Context } from '../context.ts';
import { refused } from '../errors.ts';

/** `what` names the secret for the refusal: "The bot token". */
export function sealSecret(ctx: Context, secret: string, what: string): string {
  try {
    return ctx.secrets.seal(secret);
  } catch (error) {
    throw refused('secret_key_missing', `${what} cannot be stored: ${(error as Error).message}.`);
  }
}

export async function checkTeam(tx: Kysely<DB>, teamId: number | null | undefined): Promise<void> {
  if (!teamId) return;
  const team = await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw refused('team_not_found', `There is no team ${teamId}.`);
}

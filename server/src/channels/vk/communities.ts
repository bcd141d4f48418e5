// Connecting, changing and removing VK communities. The community token is checked with
// groups.getById (it must belong to the group id given), sealed with the secret box and never
// returned again; the secret key VK sends with every event is given or made here, sealed too, and
// shown once in the answer that created or changed it, for the admin to paste into VK.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import type { Context } from '../../context.ts';
import { conflict, refused } from '../../errors.ts';
import { findTeam } from '../../teams/verbs.ts';
import { VkApi, VkError } from './vk-api.ts';
import { deleteCommunityRow, findCommunity, findCommunityByGroup, insertCommunity, updateCommunityRow, type CommunityRow } from './store.ts';

export interface CommunityInput {
  groupId?: number | undefined;
  token?: string | undefined;
  confirmation?: string | undefined;
  secretKey?: string | undefined;
  newSecretKey?: boolean | undefined;
  teamId?: number | null | undefined;
  active?: boolean | undefined;
}

export interface CommunityView {
  id: number;
  groupId: number;
  name: string;
  confirmation: string;
  teamId: number | null;
  active: boolean;
  callbackUrl: string | null;
  callbackPath: string;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer that set it: the secret key to paste into VK's Callback API settings. */
  secretKey?: string;
}

export const callbackPath = (id: number) => `/api/v1/channels/vk/${id}/callback`;

export const presentCommunity = (ctx: Context, row: CommunityRow): CommunityView => ({
  id: row.id,
  groupId: row.group_id,
  name: row.name,
  confirmation: row.confirmation,
  teamId: row.team_id,
  active: row.active,
  callbackUrl: ctx.config.publicUrl ? `${ctx.config.publicUrl}${callbackPath(row.id)}` : null,
  callbackPath: callbackPath(row.id),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const communityApi = (ctx: Context, row: CommunityRow) => new VkApi(ctx.config.vkApiUrl, ctx.secrets.open(row.token_enc));

/** A secret key as VK takes it (letters and digits, at most 50). */
const newSecretKey = () => crypto.randomBytes(24).toString('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 32).padEnd(32, '0');

export async function connectCommunity(ctx: Context, tx: Kysely<DB>, input: CommunityInput & { groupId: number; token: string; confirmation: string }, now: Date): Promise<CommunityView> {
  await checkTeam(tx, input.teamId);
  if (await findCommunityByGroup(tx, input.groupId)) throw conflict('vk_community_exists', `The VK community ${input.groupId} is connected already.`);
  const group = await checkToken(ctx, input.token, input.groupId);
  const secretKey = input.secretKey ?? newSecretKey();
  const row = await insertCommunity(tx, {
    group_id: input.groupId,
    name: group.name.slice(0, 200) || `club${input.groupId}`,
    token_enc: seal(ctx, input.token),
    confirmation: input.confirmation,
    secret_enc: seal(ctx, secretKey),
    team_id: input.teamId ?? null,
    active: input.active ?? true,
    created_at: now,
    updated_at: now,
  });
  return { ...presentCommunity(ctx, row), secretKey };
}

export async function updateCommunity(ctx: Context, tx: Kysely<DB>, id: number, input: CommunityInput, now: Date): Promise<CommunityView | undefined> {
  const current = await findCommunity(tx, id);
  if (!current) return undefined;
  if (input.teamId !== undefined) await checkTeam(tx, input.teamId);
  const changes: Parameters<typeof updateCommunityRow>[2] = { updated_at: now };
  if (input.token !== undefined) {
    const group = await checkToken(ctx, input.token, current.group_id);
    Object.assign(changes, { token_enc: seal(ctx, input.token), name: group.name.slice(0, 200) || current.name });
  }
  let secretKey: string | undefined;
  if (input.secretKey !== undefined || input.newSecretKey) {
    secretKey = input.secretKey ?? newSecretKey();
    changes.secret_enc = seal(ctx, secretKey);
  }
  if (input.confirmation !== undefined) changes.confirmation = input.confirmation;
  if (input.teamId !== undefined) changes.team_id = input.teamId;
  if (input.active !== undefined) changes.active = input.active;
  const row = (await updateCommunityRow(tx, id, changes))!;
  return { ...presentCommunity(ctx, row), ...(secretKey !== undefined && { secretKey }) };
}

/** Removes the community; its tickets stay, and replies to them fail with the reason. */
export async function removeCommunity(tx: Kysely<DB>, id: number): Promise<boolean> {
  return (await deleteCommunityRow(tx, id)) !== undefined;
}

/** groups.getById with the token: VK's refusal or silence becomes a 422 that says what happened. */
async function checkToken(ctx: Context, token: string, groupId: number) {
  let group;
  try {
    group = await new VkApi(ctx.config.vkApiUrl, token).getGroup(groupId);
  } catch (error) {
    if (!(error instanceof VkError)) throw error;
    if (error.code === null) throw refused('vk_unreachable', `VK could not be reached: ${error.description}. Try again later.`);
    if (error.code === 5 || error.code === 27 || error.code === 28) {
      throw refused('vk_token_invalid', `VK does not accept this community token (${error.description}). Create one in the community's settings → API usage → Access tokens, with the "messages" and "photos", "docs" rights.`, { field: 'token' });
    }
    throw refused('vk_refused', `VK refused groups.getById: ${error.description}`);
  }
  if (!group) throw refused('vk_token_other_group', `This token is not a token of the community ${groupId}; check the community id (Settings → the address club${groupId}).`, { field: 'groupId' });
  return group;
}

function seal(ctx: Context, value: string): string {
  try {
    return ctx.secrets.seal(value);
  } catch (error) {
    throw refused('secret_key_missing', `The community's token cannot be stored: ${(error as Error).message}.`);
  }
}

async function checkTeam(tx: Kysely<DB>, teamId: number | null | undefined) {
  if (teamId && !(await findTeam(tx, teamId))) throw refused('team_not_found', `There is no team ${teamId}.`, { field: 'teamId' });
}

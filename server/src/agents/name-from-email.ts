// A person's name guessed from an email address, for admins created without one (the
// FRONTLINE_ADMIN_EMAIL start, `create-admin`): customers must never be answered by "Administrator".

/** Local parts that name a role, not a person: "admin@" gives no name to show customers. */
const ROLE_WORDS = new Set(['admin', 'administrator', 'root', 'support', 'help', 'helpdesk', 'info', 'office', 'contact', 'hello', 'team', 'mail', 'postmaster', 'webmaster', 'noreply', 'service', 'sales']);

/** What a customer sees when the address names no person. */
export const ROLE_ALIAS = 'Support team';

export interface DerivedName {
  name: string;
  alias: string;
  /** False when the address named a role; the alias is then the neutral ROLE_ALIAS. */
  personal: boolean;
}

/** "maria.ivanova+desk@example.com" → Maria Ivanova; "admin@example.com" → Admin, alias "Support team". */
export function nameFromEmail(email: string): DerivedName {
  const local = (email.split('@')[0] ?? '').split('+')[0] ?? '';
  const words = local
    .split(/[._\-\s]+/)
    .map((word) => word.replace(/\d+/g, ''))
    .filter((word) => word.length > 0);
  const name = words.map((word) => word.charAt(0).toLocaleUpperCase() + word.slice(1)).join(' ');
  const personal = words.length > 0 && !words.every((word) => ROLE_WORDS.has(word.toLowerCase()));
  if (!name) return { name: ROLE_ALIAS, alias: ROLE_ALIAS, personal: false };
  return { name, alias: personal ? name : ROLE_ALIAS, personal };
}

// Going back from a ticket puts focus on that ticket's row: the ticket remembers itself, the inbox
// takes it once (a later visit to the inbox starts at its heading).
const KEY = 'frontline.returnTicket';

export function rememberReturnTicket(id: number): void {
  sessionStorage.setItem(KEY, String(id));
}

export function takeReturnTicket(): number | null {
  const value = Number(sessionStorage.getItem(KEY));
  sessionStorage.removeItem(KEY);
  return Number.isInteger(value) && value > 0 ? value : null;
}

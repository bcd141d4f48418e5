// /tickets/1010 opens #1010: the address carries the number agents say aloud, the API the id.
import { useTicketByNumber } from '../api/queries';
import { LoadingState } from '../ui/states';
import { TicketPage, TicketUnavailable } from './ticket-page';

export function TicketByNumber({ number }: { number: number }) {
  const found = useTicketByNumber(number);
  if (found.isPending) return <main className="ticket-page" id="main"><LoadingState /></main>;
  if (found.isError) return <TicketUnavailable error={found.error} onRetry={() => void found.refetch()} />;
  return <TicketPage key={found.data} id={found.data} />;
}

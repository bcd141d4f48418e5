// "The customer is waiting for an answer": before an agent solves or closes tickets whose customer
// waits, a modal dialog asks why (issue 13: no message left behind). Every way of solving asks
// through here (the status control, `e`, the status keys, bulk Solve and Close); one reason serves a
// whole selection. The server refuses such a change without a reason, so nothing gets past this.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketPatch } from '../api/queries';
import { waitingAmong, withReason, type TicketState } from '../inbox/apply-changes';

type Changes = (ticket: TicketState) => TicketPatch[];
type Ask = (tickets: TicketState[], changesOf: Changes) => Promise<Changes | null>;

const MAX_REASON = 500;
const SolveReasonContext = createContext<Ask>(async (_tickets, changesOf) => changesOf);

/** Resolves with the changes to make (with the reason where one is needed), or null if the agent cancels. */
export const useSolveReason = () => useContext(SolveReasonContext);

interface Question {
  numbers: number[];
  answer: (reason: string | null) => void;
}

export function SolveReasonProvider({ children }: { children: ReactNode }) {
  const [question, setQuestion] = useState<Question | null>(null);

  const ask = useCallback<Ask>((tickets, changesOf) => {
    const waiting = waitingAmong(tickets, changesOf);
    if (waiting.length === 0) return Promise.resolve(changesOf);
    return new Promise((resolve) => {
      setQuestion({
        numbers: waiting.map((ticket) => ticket.number),
        answer: (reason) => {
          setQuestion(null);
          resolve(reason === null ? null : withReason(changesOf, reason));
        },
      });
    });
  }, []);

  return (
    <SolveReasonContext.Provider value={ask}>
      {children}
      {question && <ReasonDialog question={question} />}
    </SolveReasonContext.Provider>
  );
}

function ReasonDialog({ question }: { question: Question }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  // Set by Submit just before the dialog closes; Escape and Cancel close it with none. Closing the
  // native dialog puts the focus back where it was.
  const given = useRef<string | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);

  const [first] = question.numbers;
  const shown = question.numbers.slice(0, 10).map((n) => `#${n}`).join(', ') + (question.numbers.length > 10 ? '…' : '');
  return (
    <dialog ref={dialog} className="reason-dialog" aria-labelledby="reason-title" aria-describedby="reason-what" onClose={() => question.answer(given.current)} data-testid="solve-reason">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const text = reason.trim();
          if (!text) return;
          given.current = text;
          dialog.current?.close();
        }}
      >
        <h2 id="reason-title">{t('solveReason.title')}</h2>
        <p id="reason-what">{question.numbers.length === 1 ? t('solveReason.one', { number: first }) : t('solveReason.many', { count: question.numbers.length, numbers: shown })}</p>
        <label className="field">
          <span>{t('solveReason.label')}</span>
          <textarea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={MAX_REASON} rows={3} required autoFocus placeholder={t('solveReason.placeholder')} aria-describedby="reason-ask" />
        </label>
        <p id="reason-ask" className="hint">
          {t('solveReason.ask')}
        </p>
        <div className="actions">
          <button type="submit" className="button primary" disabled={!reason.trim()}>
            {t('solveReason.confirm')}
          </button>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            {t('solveReason.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

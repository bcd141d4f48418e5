// A <select> that saves on commit, not on every arrow: a closed select changes its value at each
// ArrowDown, so two presses used to make two saves. The arrows choose; Enter, leaving the field or
// a click (mouse or the open list) saves; Escape puts the saved value back.
import { useEffect, useRef, useState, type ReactNode, type SelectHTMLAttributes } from 'react';

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'defaultValue'> & {
  value: string;
  onCommit: (value: string) => void;
  children: ReactNode;
};

/** Keys that step a closed select through its options without opening it. */
const steppingKeys = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

export function CommitSelect({ value, onCommit, children, onKeyDown, onBlur, ...rest }: Props) {
  const [shown, setShown] = useState(value);
  const stepping = useRef(false);
  useEffect(() => setShown(value), [value]);

  const commit = (next: string) => {
    stepping.current = false;
    if (next !== value) onCommit(next);
  };

  return (
    <select
      {...rest}
      value={shown}
      data-pending={shown !== value ? 'true' : undefined}
      onKeyDown={(event) => {
        onKeyDown?.(event);
        if (steppingKeys.has(event.key) && !event.altKey) stepping.current = true;
        else if (event.key === 'Enter') {
          event.preventDefault();
          commit(shown);
        } else if (event.key === 'Escape' && shown !== value) {
          // Undo the choice without leaving the screen (Escape elsewhere goes back).
          event.preventDefault();
          event.stopPropagation();
          stepping.current = false;
          setShown(value);
        } else stepping.current = false;
      }}
      onPointerDown={() => (stepping.current = false)}
      onChange={(event) => {
        const next = event.target.value;
        setShown(next);
        if (!stepping.current) commit(next);
      }}
      onBlur={(event) => {
        onBlur?.(event);
        commit(shown);
      }}
    >
      {children}
    </select>
  );
}

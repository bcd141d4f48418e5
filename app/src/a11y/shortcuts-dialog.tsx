// `?` lists the keyboard shortcuts in a modal dialog (the native <dialog>: focus moves in and
// stays, Escape closes it and focus returns to where it was).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keyOf, shortcutFor, shortcutList } from '../lib/shortcuts';

export function ShortcutsDialog() {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (shortcutFor(keyOf(event)) !== 'help' || dialog.current?.open) return;
      event.preventDefault();
      setOpen(true);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const el = dialog.current;
    if (open && el && !el.open) el.showModal();
  }, [open]);

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)} data-testid="shortcuts-dialog">
      {open && (
        <>
          <h2 id="shortcuts-title">{t('a11y.shortcuts.title')}</h2>
          <p className="hint">{t('a11y.shortcuts.layouts')}</p>
          <table className="shortcuts-table">
            <thead>
              <tr>
                <th scope="col">{t('a11y.shortcuts.key')}</th>
                <th scope="col">{t('a11y.shortcuts.action')}</th>
                <th scope="col">{t('a11y.shortcuts.where')}</th>
              </tr>
            </thead>
            <tbody>
              {shortcutList.map((item) => (
                <tr key={item.action}>
                  <td>
                    {item.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && ' '}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{t(`a11y.shortcuts.actions.${item.action}`)}</td>
                  <td>{t(`a11y.shortcuts.places.${item.where}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="dialog">
            <button className="button primary" autoFocus>
              {t('a11y.shortcuts.close')}
            </button>
          </form>
        </>
      )}
    </dialog>
  );
}

// A button that copies a text (a new API token) and says "Copied" in a status region. The
// Clipboard API needs a secure context; plain-HTTP instances fall back to a selected textarea.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export async function copyText(text: string, clipboard: Pick<Clipboard, 'writeText'> | undefined = navigator.clipboard): Promise<boolean> {
  try {
    if (clipboard && window.isSecureContext) {
      await clipboard.writeText(text);
      return true;
    }
  } catch {
    // denied: try the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <button type="button" className="button small" onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
        {label}
      </button>
      <span role="status" className="copy-state small">
        {state === 'copied' ? t('firstrun.copied') : state === 'failed' ? t('firstrun.copyFailed') : ''}
      </span>
    </>
  );
}

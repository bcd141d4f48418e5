// Inbound HTML is shown in a sandboxed frame of its own: no script runs in it (no allow-scripts),
// and nothing it draws can reach outside its box. The frame is as tall as what it shows.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { messageDocument } from '../lib/mail';

// allow-same-origin lets this page measure the frame's content (and the frame load this server's
// inline images); without allow-scripts it gives the message nothing to run. Links open in a new,
// ordinary tab (allow-popups-to-escape-sandbox) so the sites they lead to work as usual.
const sandbox = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export function MessageFrame({ html, lang }: { html: string; lang?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const srcDoc = useMemo(() => messageDocument(html, lang), [html, lang]);
  useEffect(() => () => observer.current?.disconnect(), []);
  const fit = () => {
    const frame = ref.current;
    const inner = frame?.contentDocument;
    const view = frame?.contentWindow;
    if (!frame || !inner?.body || !view) return;
    // A horizontal scrollbar (a table wider than a phone) takes height of its own.
    const scrollbar = Math.max(0, view.innerHeight - inner.documentElement.clientHeight);
    frame.style.height = `${Math.ceil(inner.body.getBoundingClientRect().height) + scrollbar}px`;
  };
  // Each load is a new document (srcDoc changed); images arriving, fonts and a new width all
  // change its body's size.
  const loaded = () => {
    observer.current?.disconnect();
    fit();
    const body = ref.current?.contentDocument?.body;
    if (!body) return;
    observer.current = new ResizeObserver(fit);
    observer.current.observe(body);
  };
  return <iframe ref={ref} className="message-frame" title={t('ticket.messageContent')} sandbox={sandbox} referrerPolicy="no-referrer" srcDoc={srcDoc} onLoad={loaded} />;
}

// The panel's CSS, inside the shadow root: nothing of the page's styles reaches in, nothing leaks out.

export const PANEL_CSS = `
.fl-panel{position:fixed;bottom:88px;z-index:2147483001;width:370px;max-width:calc(100vw - 40px);height:560px;
max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;color:#1f2328;border-radius:14px;
box-shadow:0 10px 40px rgba(0,0,0,.25);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow:hidden}
.fl-panel[hidden]{display:none}
.fl-right{right:20px}.fl-left{left:20px}
.fl-head{background:var(--fl-color);color:#fff;padding:14px 16px;display:flex;gap:8px;align-items:flex-start}
.fl-head h2{margin:0;font-size:16px}.fl-head p{margin:2px 0 0;opacity:.92}
.fl-head .fl-grow{flex:1}
button{font:inherit;cursor:pointer}
button:focus-visible,input:focus-visible,textarea:focus-visible,label:focus-within{outline:3px solid #111;outline-offset:2px}
.fl-icon{background:transparent;border:0;color:inherit;padding:4px 8px;border-radius:6px;font-size:18px;line-height:1}
.fl-body{flex:1;overflow:auto;padding:12px 14px;display:flex;flex-direction:column;gap:8px}
.fl-notice{background:#fff7e6;border:1px solid #f5d48a;border-radius:8px;padding:8px 10px}
.fl-error{color:#b42318}
.fl-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.fl-list button{width:100%;text-align:left;border:1px solid #d0d7de;background:#fff;border-radius:8px;padding:8px 10px}
.fl-list small{display:block;color:#57606a;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fl-primary{background:var(--fl-color);color:#fff;border:0;border-radius:8px;padding:8px 12px}
.fl-secondary{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:6px 10px;color:#1f2328}
.fl-log{display:flex;flex-direction:column;gap:10px}
.fl-msg{display:flex;gap:8px;max-width:88%}
.fl-msg.fl-own{align-self:flex-end;flex-direction:row-reverse}
.fl-bubble{background:#f1f3f5;border-radius:12px;padding:7px 10px;white-space:pre-wrap;overflow-wrap:anywhere}
.fl-own .fl-bubble{background:var(--fl-color);color:#fff}
.fl-meta{font-size:12px;color:#57606a;margin-top:2px}
.fl-own .fl-meta{text-align:right}
.fl-avatar{width:30px;height:30px;border-radius:50%;flex:none;background:#d0d7de;color:#1f2328;display:grid;
place-items:center;font-size:12px;font-weight:600;overflow:hidden}
.fl-avatar img{width:100%;height:100%;object-fit:cover}
.fl-file{display:block;background:none;border:0;padding:0;color:inherit;text-decoration:underline;text-align:left}
.fl-typing{font-style:italic;color:#57606a;min-height:1.4em;padding:0 14px}
.fl-compose{border-top:1px solid #d0d7de;padding:8px 10px;display:flex;flex-direction:column;gap:6px}
.fl-row{display:flex;gap:6px;align-items:flex-end}
.fl-compose textarea{flex:1;resize:none;border:1px solid #d0d7de;border-radius:8px;padding:7px 9px;font:inherit;max-height:120px}
.fl-attach{position:relative;border:1px solid #d0d7de;border-radius:8px;padding:6px 9px;cursor:pointer}
.fl-attach input{position:absolute;inset:0;opacity:0;cursor:pointer;width:100%}
.fl-chips{display:flex;flex-wrap:wrap;gap:4px}
.fl-chip{background:#f1f3f5;border-radius:10px;padding:2px 8px;font-size:12px}
.fl-chip button{border:0;background:none;padding:0 0 0 4px}
fieldset{border:1px solid #d0d7de;border-radius:8px;margin:0;padding:8px 10px}
.fl-email{display:flex;gap:6px;flex-wrap:wrap;align-items:center}
.fl-email input{flex:1;min-width:140px;border:1px solid #d0d7de;border-radius:8px;padding:6px 8px;font:inherit}
.fl-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.fl-panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}}
`;

// "Never miss a message": a browser notification and a short sound while the tab is hidden,
// each switchable off (kept in localStorage).

export type NotifySetting = 'desktop' | 'sound';
const storageKey = (setting: NotifySetting) => `frontline.notify.${setting}`;

export function isEnabled(setting: NotifySetting): boolean {
  return localStorage.getItem(storageKey(setting)) !== 'off';
}

export function setEnabled(setting: NotifySetting, on: boolean): void {
  localStorage.setItem(storageKey(setting), on ? 'on' : 'off');
}

export async function askPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** Two soft tones, 0.25 s: noticeable, not alarming. */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.13);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.14);
    }
  } catch {
    // No audio device or autoplay refused: the notification still shows.
  }
}

export function notify(title: string, body: string, url: string, tag: string): void {
  if (isEnabled('sound')) playChime();
  if (!isEnabled('desktop') || !('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag, icon: '/icon-192.png' });
    notification.onclick = () => {
      window.focus();
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
      notification.close();
    };
  } catch {
    // Some mobile browsers only notify through the service worker.
    void navigator.serviceWorker?.ready.then((registration) => registration.showNotification(title, { body, tag, data: { url } }));
  }
}

// An agent's picture, or their initials: only an https: or same-origin URL is ever loaded, even
// if an older record holds something else.
import { isSafeAvatarUrl } from '@frontline/shared';
import { initials } from '../lib/format';

export function AvatarContent({ url, name }: { url: string | null | undefined; name: string | null | undefined }) {
  return url && isSafeAvatarUrl(url) ? <img src={url} alt="" /> : <>{initials(name)}</>;
}

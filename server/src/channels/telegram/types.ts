// The parts of the Telegram Bot API's objects Frontline reads (https://core.telegram.org/bots/api),
// with the API's own field names. Inbound updates are checked against these in parse.ts.

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
}

export interface TelegramFileRef {
  file_id: string;
  file_unique_id?: string;
  file_size?: number;
}

export interface TelegramPhotoSize extends TelegramFileRef {
  width: number;
  height: number;
}

export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: TelegramChat;
  from?: TelegramUser;
  text?: string;
  caption?: string;
  photo?: TelegramPhotoSize[];
  document?: TelegramFileRef & { file_name?: string; mime_type?: string };
  voice?: TelegramFileRef & { mime_type?: string; duration?: number };
  audio?: TelegramFileRef & { file_name?: string; mime_type?: string; title?: string };
  video?: TelegramFileRef & { file_name?: string; mime_type?: string };
  video_note?: TelegramFileRef;
  sticker?: TelegramFileRef & { emoji?: string };
}

export interface TelegramUpdate {
  update_id: number;
  message?: TelegramMessage;
  [kind: string]: unknown;
}

export interface TelegramFile {
  file_id: string;
  file_size?: number;
  file_path?: string;
}

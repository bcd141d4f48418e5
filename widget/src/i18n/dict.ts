// The widget's own texts in English, Russian and Georgian: a plain dictionary rather than i18next,
// which would weigh more than the whole panel (docs/decisions.md).

export type Locale = 'en' | 'ru' | 'ka';

const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  chatWith: 'Chat with {name}',
  greeting: 'Hello! How can we help?',
  offlineClosed: 'We are closed now. Leave a message and we will answer by email.',
  offlineNobody: 'Nobody is online right now. Leave a message and we will answer by email.',
  conversations: 'Your conversations',
  newConversation: 'New conversation',
  back: 'Back to conversations',
  noMessagesYet: 'No messages yet',
  chooseTopic: 'What is it about?',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach files',
  removeFile: 'Remove {name}',
  tooManyFiles: 'At most {max} files in one message.',
  fileTooLarge: '{name} is too large: at most {max}.',
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
  filesLost: 'Not sent: the page was reloaded, attach the files again.',
  retry: 'Retry',
  remove: 'Remove',
  typing: '{name} is typing…',
  you: 'You',
  emailLabel: 'Your email, for the answer',
  emailSave: 'Save',
  emailSaved: 'Thank you, we will answer at {email}.',
  emailInvalid: 'Please enter a valid email address.',
  download: 'Download {name}',
  reconnecting: 'Reconnecting…',
  unavailable: 'The chat is not available right now.',
} as const;

export type TextKey = keyof typeof en;
type Dictionary = Record<TextKey, string>;

const ru: Dictionary = {
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  chatWith: 'Чат: {name}',
  greeting: 'Здравствуйте! Чем можем помочь?',
  offlineClosed: 'Сейчас мы не работаем. Оставьте сообщение, и мы ответим по почте.',
  offlineNobody: 'Сейчас никого нет на связи. Оставьте сообщение, и мы ответим по почте.',
  conversations: 'Ваши обращения',
  newConversation: 'Новое обращение',
  back: 'К списку обращений',
  noMessagesYet: 'Сообщений пока нет',
  chooseTopic: 'О чём ваш вопрос?',
  message: 'Сообщение',
  placeholder: 'Напишите сообщение…',
  send: 'Отправить',
  attach: 'Прикрепить файлы',
  removeFile: 'Убрать {name}',
  tooManyFiles: 'Не больше {max} файлов в одном сообщении.',
  fileTooLarge: 'Файл {name} слишком большой: не больше {max}.',
  sending: 'Отправляется…',
  sent: 'Отправлено',
  read: 'Прочитано',
  failed: 'Не отправлено',
  filesLost: 'Не отправлено: страница перезагрузилась, прикрепите файлы снова.',
  retry: 'Повторить',
  remove: 'Удалить',
  typing: '{name} печатает…',
  you: 'Вы',
  emailLabel: 'Ваша почта для ответа',
  emailSave: 'Сохранить',
  emailSaved: 'Спасибо, мы ответим на {email}.',
  emailInvalid: 'Введите правильный адрес почты.',
  download: 'Скачать {name}',
  reconnecting: 'Переподключение…',
  unavailable: 'Чат сейчас недоступен.',
};

const ka: Dictionary = {
  openChat: 'ჩატის გახსნა',
  closeChat: 'ჩატის დახურვა',
  chatWith: 'ჩატი: {name}',
  greeting: 'გამარჯობა! რით შეგვიძლია დაგეხმაროთ?',
  offlineClosed: 'ახლა დახურული ვართ. დაგვიტოვეთ შეტყობინება და ელფოსტით გიპასუხებთ.',
  offlineNobody: 'ახლა ონლაინ არავინაა. დაგვიტოვეთ შეტყობინება და ელფოსტით გიპასუხებთ.',
  conversations: 'თქვენი მიმოწერები',
  newConversation: 'ახალი მიმოწერა',
  back: 'მიმოწერების სიაში დაბრუნება',
  noMessagesYet: 'შეტყობინებები ჯერ არ არის',
  chooseTopic: 'რას ეხება თქვენი კითხვა?',
  message: 'შეტყობინება',
  placeholder: 'დაწერეთ შეტყობინება…',
  send: 'გაგზავნა',
  attach: 'ფაილების მიმაგრება',
  removeFile: '{name}-ის მოშორება',
  tooManyFiles: 'ერთ შეტყობინებაში მაქსიმუმ {max} ფაილი.',
  fileTooLarge: '{name} ძალიან დიდია: მაქსიმუმ {max}.',
  sending: 'იგზავნება…',
  sent: 'გაგზავნილია',
  read: 'წაკითხულია',
  failed: 'ვერ გაიგზავნა',
  filesLost: 'ვერ გაიგზავნა: გვერდი გადაიტვირთა, მიამაგრეთ ფაილები ხელახლა.',
  retry: 'ხელახლა ცდა',
  remove: 'წაშლა',
  typing: '{name} წერს…',
  you: 'თქვენ',
  emailLabel: 'თქვენი ელფოსტა პასუხისთვის',
  emailSave: 'შენახვა',
  emailSaved: 'გმადლობთ, გიპასუხებთ მისამართზე {email}.',
  emailInvalid: 'შეიყვანეთ სწორი ელფოსტის მისამართი.',
  download: '{name}-ის ჩამოტვირთვა',
  reconnecting: 'ხელახლა დაკავშირება…',
  unavailable: 'ჩატი ახლა მიუწვდომელია.',
};

const dictionaries: Record<Locale, Dictionary> = { en, ru, ka };

/** en, ru or ka from a browser language tag ('ru-RU' → ru); anything else is English. */
export function pickLocale(language: string | undefined): Locale {
  const base = (language ?? '').toLowerCase().split(/[-_]/)[0];
  return base === 'ru' || base === 'ka' ? base : 'en';
}

export type Translate = (key: TextKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));
}

/** A text the site set per language, in the visitor's language, else English, else none. */
export function siteText(texts: Partial<Record<Locale, string | undefined>>, locale: Locale): string | undefined {
  return texts[locale] || texts.en || undefined;
}

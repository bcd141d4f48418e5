// Vocabulary of the generated help-desk text, per language, most frequent first: the generator
// draws with a skew (Zipf-like), so early words are common and late ones rare, as in real mail.

export const words: Record<'en' | 'ru' | 'ka', readonly string[]> = {
  en: [
    'the', 'my', 'is', 'please', 'account', 'payment', 'not', 'help', 'we', 'site', 'hello', 'thanks', 'order', 'payout',
    'error', 'server', 'refund', 'invoice', 'since', 'yesterday', 'still', 'login', 'password', 'card', 'charged', 'twice',
    'affiliate', 'commission', 'balance', 'transfer', 'bank', 'withdrawal', 'pending', 'website', 'down', 'outage', 'timeout',
    'domain', 'email', 'certificate', 'expired', 'backup', 'restore', 'database', 'slow', 'upgrade', 'plan', 'subscription',
    'cancel', 'renewal', 'receipt', 'verification', 'code', 'locked', 'reset', 'access', 'support', 'urgent', 'customers',
    'checkout', 'gateway', 'declined', 'tracking', 'referral', 'clicks', 'conversion', 'statement', 'tax', 'vat', 'wallet',
    'paypal', 'iban', 'swift', 'dns', 'ssl', 'migration', 'latency', 'disk', 'quota', 'bandwidth', 'firewall', 'ticket',
    'screenshot', 'attached', 'deadline', 'chargeback', 'dispute', 'compensation', 'downtime', 'nameserver', 'cronjob',
    'webhook', 'apikey', 'sandbox', 'kyc', 'passport', 'selfie', 'payoneer', 'crypto', 'usdt', 'erc20', 'colocation',
  ],
  ru: [
    'не', 'и', 'в', 'на', 'пожалуйста', 'здравствуйте', 'оплата', 'оплату', 'выплата', 'выплаты', 'выплату', 'сайт', 'сайта',
    'аккаунт', 'аккаунта', 'ошибка', 'деньги', 'сервер', 'спасибо', 'помогите', 'возврат', 'вернуть', 'счёт', 'счета', 'карта',
    'карты', 'списали', 'дважды', 'вчера', 'сегодня', 'до', 'сих', 'пор', 'пароль', 'войти', 'доступ', 'партнёр', 'партнёрская',
    'комиссия', 'баланс', 'перевод', 'банк', 'вывод', 'средств', 'заявка', 'недоступен', 'упал', 'тормозит', 'домен', 'почта',
    'письмо', 'сертификат', 'истёк', 'резервная', 'копия', 'база', 'данных', 'тариф', 'подписка', 'продление', 'чек', 'код',
    'подтверждения', 'заблокирован', 'сброс', 'поддержка', 'срочно', 'клиенты', 'платёжный', 'шлюз', 'отклонён', 'ссылка',
    'переходы', 'конверсия', 'выписка', 'налог', 'кошелёк', 'реквизиты', 'днс', 'миграция', 'диск', 'квота', 'трафик',
    'скриншот', 'приложил', 'компенсация', 'простой', 'верификация', 'паспорт', 'юмани', 'киви', 'самозанятый', 'акт',
    'сверки', 'договор', 'оферта', 'хостинг', 'виртуальный', 'выделенный',
  ],
  ka: [
    'და', 'არ', 'გთხოვთ', 'გამარჯობა', 'გადახდა', 'თანხა', 'საიტი', 'ანგარიში', 'შეცდომა', 'მადლობა', 'დამეხმარეთ',
    'სერვერი', 'დაბრუნება', 'ბარათი', 'ორჯერ', 'ჩამომეჭრა', 'გუშინ', 'დღეს', 'ჯერ', 'კიდევ', 'პაროლი', 'შესვლა', 'წვდომა',
    'პარტნიორი', 'საკომისიო', 'ბალანსი', 'გადარიცხვა', 'ბანკი', 'გატანა', 'მოთხოვნა', 'მიუწვდომელია', 'ნელა', 'მუშაობს',
    'დომენი', 'ფოსტა', 'წერილი', 'სერტიფიკატი', 'ვადა', 'გაუვიდა', 'სარეზერვო', 'ასლი', 'ბაზა', 'ტარიფი', 'გამოწერა',
    'ქვითარი', 'კოდი', 'დაბლოკილია', 'აღდგენა', 'მხარდაჭერა', 'სასწრაფოდ', 'კლიენტები', 'ბმული', 'კონვერსია', 'ამონაწერი',
    'გადასახადი', 'საფულე', 'რეკვიზიტები', 'მიგრაცია', 'დისკი', 'ტრაფიკი', 'სქრინშოტი', 'ვერიფიკაცია', 'პასპორტი',
    'კომპენსაცია', 'ინვოისი', 'ხელშეკრულება', 'ჰოსტინგი', 'ვირტუალური', 'შეკვეთა', 'მომხმარებელი', 'პრობლემა', 'გვერდი',
    'იტვირთება', 'ტელეფონი', 'ნომერი', 'ელფოსტა', 'დადასტურება', 'ლარი', 'დოლარი', 'თიბისი', 'საქართველოს', 'ბანკის',
  ],
};

/**
 * What the search benchmark looks for: a common word in each language and a rare token (one of the
 * invoice numbers, `inv` + 0…199999, that 20% of messages carry, so each appears a few times).
 */
export const searchTerms = [
  { q: 'payout', note: 'English, common' },
  { q: 'выплаты', note: 'Russian, by stem: выплата, выплату' },
  { q: 'ინვოისი', note: 'Georgian' },
  { q: 'inv4242', note: 'rare: one invoice number' },
] as const;

// Demo conversations in Russian.
import type { DemoTicket } from './demo-tickets.ts';

export const russianTickets: DemoTicket[] = [
  {
    customer: 'anna.petrova@volgapartners.example', subject: 'Не пришла выплата за февраль', language: 'ru', channel: 'email', priority: 'high',
    status: 'open', team: 'Billing', assignee: 'dmitry', tags: ['payout', 'affiliate'], daysAgo: 4,
    turns: [
      ['c', 0, 'Здравствуйте!\n\nВыплата по партнёрской программе за февраль (84 300 ₽) до сих пор не пришла, хотя в кабинете статус «Выплачено» с 10-го числа. Проверьте, пожалуйста.\n\nАнна Петрова, Volga Partners'],
      ['a', 60, 'Анна, добрый день! Проверяю выплату у платёжного провайдера, вернусь с ответом сегодня до 18:00 по Москве.'],
      ['n', 40, 'Платёж завис на стороне банка-получателя: валютный контроль запросил договор. Нужен скан договора оферты с подписью.'],
      ['a', 10, 'Банк получателя запросил документы по валютному контролю. Пришлите, пожалуйста, скан подписанного партнёрского договора — мы передадим его банку, и платёж пройдёт в течение 1–2 дней.'],
      ['c', 120, 'Договор во вложении. Спасибо, что разобрались.'],
    ],
  },
  {
    customer: 'olga.smirnova@mail.example', subject: 'Сайт недоступен с утра', language: 'ru', channel: 'email', priority: 'urgent',
    status: 'solved', team: 'Second line', assignee: 'giorgi', tags: ['outage', 'hosting'], daysAgo: 11,
    turns: [
      ['c', 0, 'Звонок: сайт клиентки не открывается с 8 утра, ошибка «Соединение сброшено». Интернет-магазин, просит срочно.'],
      ['n', 5, 'На сервере vps-214 закончилось место на диске: логи nginx 40 ГБ. Почистил, включил ротацию логов.'],
      ['a', 15, 'Ольга, сайт снова работает. Причина — переполненный диск из-за логов; мы включили их ротацию, чтобы это не повторилось.'],
      ['c', 20, 'Да, всё открывается. Спасибо большое!'],
    ],
  },
  {
    customer: 'maria.ivanova@mail.example', subject: 'Верните деньги за неиспользованный тариф', language: 'ru', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Billing', assignee: 'dmitry', tags: ['refund', 'billing'], daysAgo: 7,
    turns: [
      ['c', 0, 'Добрый день. Я оплатила тариф «Бизнес» на год, но проект закрылся через месяц. Можно вернуть деньги за оставшиеся 11 месяцев?'],
      ['a', 200, 'Мария, здравствуйте! Да, вернём остаток пропорционально: 11 месяцев из 12, это 10 450 ₽. Подтвердите, пожалуйста, что возвращаем на ту же карту, с которой была оплата.'],
    ],
  },
  {
    customer: 'kuznetsov.sergey@mail.example', subject: 'Не могу войти в личный кабинет', language: 'ru', channel: 'email', priority: 'high',
    status: 'new', team: 'First line', tags: ['account-access'], daysAgo: 0,
    turns: [['c', 0, 'Здравствуйте, пишет «неверный пароль», а письмо для сброса пароля не приходит уже час. Проверил спам — пусто.']],
  },
  {
    customer: 'd.sokolov@volgapartners.example', subject: 'Смена реквизитов для выплат', language: 'ru', channel: 'email', priority: 'normal',
    status: 'solved', team: 'Billing', assignee: 'dmitry', tags: ['payout'], daysAgo: 18,
    turns: [
      ['c', 0, 'Мы сменили банк. Новые реквизиты для выплат: АО «Банк», БИК 044525999, р/с 40702810900000012345. Прошу обновить.'],
      ['a', 90, 'Дмитрий, реквизиты можно поменять только из кабинета владельца аккаунта — это защита от мошенников. Раздел «Партнёрам» → «Реквизиты». После смены мы отправим код подтверждения на почту.'],
      ['c', 45, 'Поменял, код подтвердил.'],
      ['a', 10, 'Вижу новые реквизиты, следующая выплата уйдёт на них. Хорошего дня!'],
    ],
  },
  {
    customer: 'a.morozov@mail.example', subject: 'Списали деньги дважды', language: 'ru', channel: 'email', priority: 'urgent',
    status: 'open', team: 'Billing', assignee: 'dmitry', tags: ['billing', 'refund'], daysAgo: 1,
    turns: [
      ['c', 0, 'С карты дважды списали 1 990 ₽ за продление хостинга. Верните второе списание.'],
      ['n', 25, 'В платёжном шлюзе два успешных платежа с разницей в минуту — клиент нажал «Оплатить» дважды. Возврат второго оформлен, ID R-58812.'],
      ['a', 5, 'Алексей, второе списание мы вернули. Деньги вернутся на карту в течение 3–5 рабочих дней, в зависимости от банка.'],
    ],
  },
  {
    customer: 'e.lebedeva@mail.example', subject: 'Ошибка 500 при оплате картой', language: 'ru', channel: 'email', priority: 'high',
    status: 'on_hold', team: 'Second line', assignee: 'giorgi', tags: ['payments'], daysAgo: 3,
    turns: [
      ['c', 0, 'При оплате картой «Мир» на шаге 3-D Secure выходит ошибка 500. Visa проходит нормально.'],
      ['a', 8, 'Екатерина, спасибо, воспроизвели ошибку. Передали платёжному провайдеру, ждём исправления с их стороны. Пока можно оплатить через СБП.'],
      ['n', 2, 'Тикет у провайдера: PAY-7731. Обещают исправить в релизе в четверг.'],
    ],
  },
  {
    customer: 'anna.petrova@volgapartners.example', subject: 'Партнёрская ссылка не учитывает переходы', language: 'ru', channel: 'email', priority: 'normal',
    status: 'new', team: 'First line', tags: ['affiliate', 'tracking'], daysAgo: 0,
    turns: [['c', 0, 'Со вчерашнего дня по ссылке с UTM-метками переходы не считаются — в статистике ноль. Без меток всё работает.']],
  },
  {
    customer: 'd.sokolov@volgapartners.example', subject: 'Нужен акт сверки за I квартал', language: 'ru', channel: 'email', priority: 'low',
    status: 'closed', team: 'Billing', assignee: 'dmitry', tags: ['invoice'], daysAgo: 40,
    turns: [
      ['c', 0, 'Пришлите, пожалуйста, акт сверки взаиморасчётов за январь–март для бухгалтерии.'],
      ['a', 300, 'Дмитрий, акт сверки за I квартал во вложении, подписанный экземпляр отправили через ЭДО.'],
      ['c', 100, 'Получили, спасибо.'],
    ],
  },
  {
    customer: 'olga.smirnova@mail.example', subject: 'Почта на домене не отправляется', language: 'ru', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Second line', assignee: 'giorgi', tags: ['email'], daysAgo: 5,
    turns: [
      ['c', 0, 'Письма с info@ на мой домен уходят, а наружу — возвращаются с ошибкой «550 relay not permitted».'],
      ['a', 75, 'Ольга, похоже, в почтовой программе не включена авторизация на SMTP-сервере. Проверьте, пожалуйста, в настройках исходящей почты: «Сервер требует проверки подлинности» — включено, порт 587.'],
    ],
  },
  {
    customer: 'maria.ivanova@mail.example', subject: 'Утерян доступ к почте, на которую зарегистрирован аккаунт', language: 'ru', channel: 'email', priority: 'high',
    status: 'open', team: 'First line', assignee: 'nino', tags: ['account-access'], daysAgo: 2,
    turns: [
      ['c', 0, 'Аккаунт зарегистрирован на рабочую почту, а я уволилась и доступа к ней нет. Как сменить почту?'],
      ['a', 40, 'Мария, сменить почту можно после проверки личности. Пришлите, пожалуйста, номер последнего счёта и последние 4 цифры карты, с которой оплачивали.'],
      ['c', 90, 'Счёт № 2024-118, карта заканчивается на 7731.'],
      ['n', 5, 'Данные совпадают. Жду подтверждения от руководителя смены на смену email.'],
    ],
  },
  {
    customer: 'kuznetsov.sergey@mail.example', subject: 'Какая минимальная сумма выплаты?', language: 'ru', channel: 'email', priority: 'low',
    status: 'solved', team: 'First line', assignee: 'nino', tags: ['payout', 'affiliate'], daysAgo: 25,
    turns: [
      ['c', 0, 'Подскажите, с какой суммы можно вывести партнёрское вознаграждение?'],
      ['a', 4, 'Сергей, минимальная сумма — 3 000 ₽ на карту или 50 $ на USDT. Выплаты каждую пятницу.'],
      ['c', 2, 'Понял, спасибо'],
    ],
  },
  {
    customer: 'a.morozov@mail.example', subject: 'Диск переполнен, сайт тормозит', language: 'ru', channel: 'email', priority: 'normal',
    status: 'open', team: 'Second line', assignee: 'giorgi', tags: ['hosting', 'performance'], daysAgo: 6,
    turns: [
      ['c', 0, 'Панель показывает, что диск заполнен на 98%, сайт стал очень медленным. Что занимает место?'],
      ['a', 60, 'Алексей, больше всего места занимают резервные копии в папке /backups (31 ГБ). Их можно перенести в наше облачное хранилище — это бесплатно для вашего тарифа. Перенести?'],
      ['c', 30, 'Да, перенесите, пожалуйста.'],
    ],
  },
  {
    customer: 'e.lebedeva@mail.example', subject: 'Хочу перейти на другой тариф', language: 'ru', channel: 'email', priority: 'low',
    status: 'solved', team: 'First line', assignee: 'nino', tags: ['billing'], daysAgo: 16,
    turns: [
      ['c', 0, 'Добрый день! Хочу перейти с «Старта» на «Бизнес». Сайт не будет отключаться?'],
      ['a', 3, 'Здравствуйте! Нет, переход без простоя: тариф меняется в разделе «Услуги», разница в цене пересчитается автоматически.'],
      ['c', 5, 'Отлично, перешла. Спасибо!'],
    ],
  },
];

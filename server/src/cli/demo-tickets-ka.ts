// Demo conversations in Georgian.
import type { DemoTicket } from './demo-tickets.ts';

export const georgianTickets: DemoTicket[] = [
  {
    customer: 'tamar.gelashvili@kavkazmedia.example', subject: 'პარტნიორული ანაზღაურება არ ჩამერიცხა', language: 'ka', channel: 'email', priority: 'high',
    status: 'open', team: 'Billing', assignee: 'nino', tags: ['payout', 'affiliate'], daysAgo: 3,
    turns: [
      ['c', 0, 'გამარჯობა,\n\nმარტის პარტნიორული ანაზღაურება (2 150 ლარი) კაბინეტში გადახდილად ჩანს, მაგრამ ანგარიშზე ჯერ არ ჩამრიცხვია. გთხოვთ, გადაამოწმოთ.\n\nთამარი'],
      ['a', 50, 'გამარჯობა, თამარ! ვამოწმებ გადახდას ჩვენს საგადახდო პროვაიდერთან და დღესვე მოგწერთ პასუხს.'],
      ['n', 30, 'ბანკმა გადარიცხვა დააბრუნა: მიმღების სახელი არ ემთხვევა ანგარიშის მფლობელს.'],
      ['a', 10, 'ბანკმა თანხა დაგვიბრუნა, რადგან მიმღების სახელი არ ემთხვევა ანგარიშის მფლობელს. გთხოვთ, კაბინეტში მიუთითოთ სახელი ზუსტად ისე, როგორც ბანკშია, და პარასკევს თავიდან გადმოგირიცხავთ.'],
      ['c', 180, 'გავასწორე, მადლობა!'],
    ],
  },
  {
    customer: 'mariam.japaridze@tbilisidigital.example', subject: 'საიტი არ იხსნება', language: 'ka', channel: 'email', priority: 'urgent',
    status: 'solved', team: 'Second line', assignee: 'giorgi', tags: ['outage', 'hosting'], daysAgo: 8,
    turns: [
      ['c', 0, 'ჩვენი საიტი დილიდან არ იხსნება, წერს „503 Service Unavailable“. სასწრაფოდ დაგვეხმარეთ.'],
      ['a', 7, 'მარიამ, გამარჯობა. ვხედავთ პრობლემას: სერვერზე მონაცემთა ბაზა გაჩერდა. უკვე ვაღდგენთ, დაახლოებით 15 წუთი დასჭირდება.'],
      ['n', 3, 'db-03-ს მეხსიერება ამოეწურა (OOM). გადავტვირთე და ლიმიტი გავზარდე.'],
      ['a', 12, 'საიტი ისევ მუშაობს. მიზეზი იყო მონაცემთა ბაზის სერვერის მეხსიერების ნაკლებობა; ლიმიტი გავზარდეთ.'],
      ['c', 15, 'დიახ, ყველაფერი მუშაობს. დიდი მადლობა!'],
    ],
  },
  {
    customer: 'ana.khutsishvili@mail.example', subject: 'თანხის დაბრუნება დომენისთვის', language: 'ka', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Billing', assignee: 'nino', tags: ['refund'], daysAgo: 5,
    turns: [
      ['c', 0, 'გამარჯობა, შემთხვევით ორი დომენი ვიყიდე თითქმის ერთნაირი სახელით. შეიძლება ერთის თანხის დაბრუნება?'],
      ['a', 120, 'ანა, გამარჯობა! დიახ, მეორე დომენის რეგისტრაციას გავაუქმებთ და 35 ლარს დაგიბრუნებთ. დაგვიდასტურეთ, გთხოვთ, რომელი დომენი დავტოვოთ.'],
    ],
  },
  {
    customer: 'irakli.tsiklauri@mail.example', subject: 'ანგარიშზე შესვლა ვერ ხერხდება', language: 'ka', channel: 'email', priority: 'high',
    status: 'new', team: 'First line', tags: ['account-access', '2fa'], daysAgo: 0,
    turns: [['c', 0, 'შესვლისას SMS-ით კოდი არ მომდის, ამიტომ ანგარიშზე შესვლას ვერ ვახერხებ. ტელეფონის ნომერი არ შემიცვლია.']],
  },
  {
    customer: 'davit.maisuradze@tbilisidigital.example', subject: 'ბარათიდან ორჯერ ჩამომეჭრა თანხა', language: 'ka', channel: 'email', priority: 'high',
    status: 'open', team: 'Billing', assignee: 'nino', tags: ['billing', 'refund'], daysAgo: 2,
    turns: [
      ['c', 0, 'ბარათიდან ორჯერ ჩამომეჭრა 59 ლარი ჰოსტინგის გაგრძელებისთვის. გთხოვთ, ერთი დამიბრუნოთ.'],
      ['n', 20, 'საგადახდო სისტემაში ორი წარმატებული გადახდაა. მეორე დავაბრუნე, ID R-60214.'],
      ['a', 5, 'დავით, მეორედ ჩამოჭრილი თანხა დაგიბრუნეთ. ბანკის მიხედვით ანგარიშზე 3–5 სამუშაო დღეში აისახება.'],
    ],
  },
  {
    customer: 'levan.lomidze@kavkazmedia.example', subject: 'პარტნიორის საკომისიო არასწორია', language: 'ka', channel: 'email', priority: 'normal',
    status: 'new', team: 'Billing', tags: ['affiliate', 'commission'], daysAgo: 1,
    turns: [['c', 0, 'გამარჯობა, ხელშეკრულებით საკომისიო 30%-ია, მაგრამ აპრილის ამონაწერში 20% წერია. გთხოვთ, გადაამოწმოთ.']],
  },
  {
    customer: 'mariam.japaridze@tbilisidigital.example', subject: 'SSL სერტიფიკატს ვადა გაუვიდა', language: 'ka', channel: 'email', priority: 'urgent',
    status: 'solved', team: 'Second line', assignee: 'giorgi', tags: ['ssl', 'hosting'], daysAgo: 22,
    turns: [
      ['c', 0, 'ბრაუზერი წერს, რომ საიტის SSL სერტიფიკატს ვადა გაუვიდა. ავტომატური განახლება ჩართული გვქონდა.'],
      ['a', 25, 'მარიამ, განახლება ვერ მოხერხდა, რადგან დომენი სხვა სერვერზე იყო მიმართული. სერტიფიკატი ხელით განვაახლეთ, გთხოვთ, გვერდი განაახლოთ.'],
      ['c', 10, 'მუშაობს, მადლობა.'],
    ],
  },
  {
    customer: 'levan.lomidze@kavkazmedia.example', subject: 'ინვოისი კომპანიის რეკვიზიტებით', language: 'ka', channel: 'email', priority: 'low',
    status: 'closed', team: 'Billing', assignee: 'nino', tags: ['invoice'], daysAgo: 38,
    turns: [
      ['c', 0, 'ბუღალტერიას სჭირდება ინვოისები კომპანიის რეკვიზიტებით (ს/კ 405123456). შეგიძლიათ ხელახლა გამოგვიგზავნოთ?'],
      ['a', 240, 'ლევან, კომპანიის რეკვიზიტები დავამატეთ და მარტისა და აპრილის ინვოისები ხელახლა გამოვწერეთ. ნახავთ განყოფილებაში „ბილინგი“ → „ინვოისები“.'],
      ['c', 60, 'მივიღეთ, მადლობა.'],
    ],
  },
  {
    customer: 'tamar.gelashvili@kavkazmedia.example', subject: 'ელფოსტა სპამში ხვდება', language: 'ka', channel: 'email', priority: 'normal',
    status: 'on_hold', team: 'Second line', assignee: 'giorgi', tags: ['email', 'dns'], daysAgo: 10,
    turns: [
      ['c', 0, 'ჩვენი საინფორმაციო წერილები Gmail-ში სპამში ხვდება. რა შეიძლება იყოს მიზეზი?'],
      ['a', 45, 'თამარ, თქვენს დომენს არ აქვს DKIM ჩანაწერი. გამოგიგზავნეთ ორი DNS ჩანაწერი, რომელიც დომენის რეგისტრატორთან უნდა დაამატოთ.'],
      ['n', 5, 'ველოდებით, სანამ კლიენტის IT DNS-ს განაახლებს.'],
    ],
  },
  {
    customer: 'ana.khutsishvili@mail.example', subject: 'ანაზღაურების მიღების მეთოდის შეცვლა', language: 'ka', channel: 'email', priority: 'low',
    status: 'solved', team: 'First line', assignee: 'nino', tags: ['payout'], daysAgo: 27,
    turns: [
      ['c', 0, 'როგორ შევცვალო ანაზღაურების მიღების მეთოდი? მინდა თიბისი ბანკის ანგარიშზე მივიღო.'],
      ['a', 6, 'ანა, გადადით „პარტნიორებისთვის“ → „ანაზღაურების პარამეტრები“, აირჩიეთ საბანკო გადარიცხვა და შეიყვანეთ IBAN. ცვლილება შემდეგი ანაზღაურებიდან ამოქმედდება.'],
      ['c', 8, 'გავაკეთე, მადლობა!'],
    ],
  },
  {
    customer: 'irakli.tsiklauri@mail.example', subject: 'პაროლის აღდგენის წერილი არ მოდის', language: 'ka', channel: 'email', priority: 'normal',
    status: 'open', team: 'First line', assignee: 'nino', tags: ['account-access'], daysAgo: 2,
    turns: [
      ['c', 0, 'პაროლის აღდგენის წერილი არ მომდის, სპამიც შევამოწმე.'],
      ['a', 35, 'ირაკლი, ვხედავთ, რომ წერილები თქვენმა საფოსტო სერვერმა უარყო. გთხოვთ, ხელახლა სცადოთ — ახლა სხვა სერვერიდან გამოგიგზავნეთ.'],
      ['c', 20, 'ჯერ კიდევ არ მოსულა.'],
    ],
  },
  {
    customer: 'davit.maisuradze@tbilisidigital.example', subject: 'ვირტუალური სერვერი ნელა მუშაობს', language: 'ka', channel: 'email', priority: 'normal',
    status: 'pending', team: 'Second line', assignee: 'giorgi', tags: ['performance', 'hosting'], daysAgo: 4,
    turns: [
      ['c', 0, 'ბოლო დღეებში ჩვენი ვირტუალური სერვერი ძალიან ნელა მუშაობს, გვერდები 5-6 წამში იტვირთება.'],
      ['a', 80, 'დავით, სერვერის პროცესორი 100%-ით არის დატვირთული ერთი PHP სკრიპტის გამო. გთხოვთ, შეამოწმოთ cron-ის ამოცანები — ერთ-ერთი ყოველ წუთს ეშვება.'],
    ],
  },
];

// Who the demo instance has: the organizations its customers work for, the customers with their
// channel identities, and a few agents. Read by seed-demo.ts.
import type { AgentRole } from '@frontline/shared';

export interface DemoOrganization {
  name: string;
  domain: string;
}

export interface DemoCustomer {
  name: string;
  email: string;
  language: 'en' | 'ru' | 'ka';
  telegram?: string;
  phone?: string;
}

export interface DemoAgent {
  key: string;
  email: string;
  name: string;
  alias: string;
  role: AgentRole;
  languages: string[];
  teams: string[];
  timeZone: string;
}

/** Every demo agent signs in with this password (printed by the command). */
export const DEMO_AGENT_PASSWORD = 'demo password 123';

/** Teams the demo uses besides the three every instance starts with. */
export const demoTeams = ['Billing'];

/** The first organization doubles as the marker that the demo data is already there. */
export const demoOrganizations: DemoOrganization[] = [
  { name: 'Kavkaz Media', domain: 'kavkazmedia.example' },
  { name: 'Northwind Traders', domain: 'northwind.example' },
  { name: 'Volga Partners', domain: 'volgapartners.example' },
  { name: 'Tbilisi Digital', domain: 'tbilisidigital.example' },
];

export const demoAgents: DemoAgent[] = [
  { key: 'nino', email: 'nino.beridze@support.example', name: 'Nino Beridze', alias: 'Nino B.', role: 'agent', languages: ['ka', 'ru', 'en'], teams: ['First line'], timeZone: 'Asia/Tbilisi' },
  { key: 'dmitry', email: 'dmitry.volkov@support.example', name: 'Dmitry Volkov', alias: 'Дмитрий', role: 'agent', languages: ['ru', 'en'], teams: ['First line', 'Billing'], timeZone: 'Europe/Moscow' },
  { key: 'sarah', email: 'sarah.collins@support.example', name: 'Sarah Collins', alias: 'Sarah', role: 'supervisor', languages: ['en'], teams: ['Second line', 'Billing'], timeZone: 'Europe/London' },
  { key: 'giorgi', email: 'giorgi.kapanadze@support.example', name: 'Giorgi Kapanadze', alias: 'Giorgi K.', role: 'agent', languages: ['ka', 'en', 'ru'], teams: ['Second line'], timeZone: 'Asia/Tbilisi' },
];

export const demoCustomers: DemoCustomer[] = [
  { name: 'Emma Clarke', email: 'emma.clarke@northwind.example', language: 'en', phone: '+44 20 7946 0018' },
  { name: "James O'Connor", email: 'james.oconnor@northwind.example', language: 'en' },
  { name: 'Priya Sharma', email: 'priya.sharma@mail.example', language: 'en', telegram: '@priya_affiliates' },
  { name: 'Lucas Meyer', email: 'lucas.meyer@mail.example', language: 'en' },
  { name: 'Sofia Rossi', email: 'sofia.rossi@mail.example', language: 'en' },
  { name: 'Daniel Kim', email: 'daniel.kim@mail.example', language: 'en', telegram: '@dkim_dev' },
  { name: 'Анна Петрова', email: 'anna.petrova@volgapartners.example', language: 'ru', telegram: '@anna_petrova' },
  { name: 'Дмитрий Соколов', email: 'd.sokolov@volgapartners.example', language: 'ru' },
  { name: 'Ольга Смирнова', email: 'olga.smirnova@mail.example', language: 'ru', phone: '+7 912 345-67-89' },
  { name: 'Сергей Кузнецов', email: 'kuznetsov.sergey@mail.example', language: 'ru', telegram: '@skuznetsov' },
  { name: 'Мария Иванова', email: 'maria.ivanova@mail.example', language: 'ru' },
  { name: 'Алексей Морозов', email: 'a.morozov@mail.example', language: 'ru', phone: '+7 903 555-12-34' },
  { name: 'Екатерина Лебедева', email: 'e.lebedeva@mail.example', language: 'ru' },
  { name: 'თამარ გელაშვილი', email: 'tamar.gelashvili@kavkazmedia.example', language: 'ka', telegram: '@tamuna_g' },
  { name: 'ლევან ლომიძე', email: 'levan.lomidze@kavkazmedia.example', language: 'ka' },
  { name: 'მარიამ ჯაფარიძე', email: 'mariam.japaridze@tbilisidigital.example', language: 'ka', phone: '+995 599 12 34 56' },
  { name: 'დავით მაისურაძე', email: 'davit.maisuradze@tbilisidigital.example', language: 'ka' },
  { name: 'ანა ხუციშვილი', email: 'ana.khutsishvili@mail.example', language: 'ka', telegram: '@ana_kh' },
  { name: 'ირაკლი წიკლაური', email: 'irakli.tsiklauri@mail.example', language: 'ka' },
  { name: 'Michael Novak', email: 'm.novak@mail.example', language: 'en', phone: '+420 601 234 567' },
];

-- Business-hours calendars (issue 13): the opening periods of each weekday in a time zone, the
-- closed days (entered or imported from iCal), or around the clock. SLA policies name one by id;
-- the default is the one used where none is named. The shape of week and holidays is
-- business-hours/types.ts (Calendar), checked by calendarProblem before it is stored.
CREATE TABLE calendars (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL,
  always_open boolean NOT NULL DEFAULT false,
  -- {"mon": [{"from": "09:00", "to": "13:00"}, {"from": "14:00", "to": "18:00"}], …}
  week jsonb NOT NULL DEFAULT '{}',
  -- [{"date": "2026-01-01", "name": "New Year", "recurring": true}, …]
  holidays jsonb NOT NULL DEFAULT '[]',
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- "Support hours" and "support hours" are one name to the people who choose between them.
CREATE UNIQUE INDEX calendars_name_key ON calendars (lower(name));
-- At most one default calendar.
CREATE UNIQUE INDEX calendars_one_default ON calendars (is_default) WHERE is_default;

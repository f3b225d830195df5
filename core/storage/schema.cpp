// The schema, as an ordered list of migrations compiled into the binary. Never edit a step
// that has shipped: add a new one.
#include "schema.hpp"

namespace yishi::storage {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps = {
      {1, R"sql(
CREATE TABLE village (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  township TEXT NOT NULL DEFAULT '',
  issuing_body TEXT NOT NULL,
  supervision_phone TEXT NOT NULL DEFAULT '',
  feedback TEXT NOT NULL DEFAULT '',
  serial_prefix TEXT NOT NULL,
  posting_days INTEGER NOT NULL CHECK (posting_days > 0)
);
CREATE TABLE village_group (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  households INTEGER NOT NULL DEFAULT 0,
  adults INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  group_id INTEGER REFERENCES village_group(id),
  gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
  party_member INTEGER NOT NULL DEFAULT 0,
  categories TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_by_name ON person(name);
CREATE TABLE vote_rule (
  kind TEXT PRIMARY KEY,
  quorum TEXT NOT NULL,
  majority TEXT NOT NULL
);
CREATE TABLE council (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  tier TEXT NOT NULL CHECK (tier IN ('village', 'group')),
  group_id INTEGER UNIQUE REFERENCES village_group(id),
  convener_id INTEGER NOT NULL REFERENCES person(id),
  rule_kind TEXT NOT NULL REFERENCES vote_rule(kind),
  min_party_share REAL,
  min_women_share REAL,
  CHECK ((tier = 'group') = (group_id IS NOT NULL))
);
CREATE TABLE council_member (
  council_id INTEGER NOT NULL REFERENCES council(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  PRIMARY KEY (council_id, person_id)
);
CREATE TABLE proposal (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL CHECK (title <> ''),
  description TEXT NOT NULL DEFAULT '',
  group_id INTEGER REFERENCES village_group(id),
  tier TEXT NOT NULL CHECK (tier IN ('village', 'group')),
  channel TEXT NOT NULL,
  proposer_id INTEGER REFERENCES person(id),
  proposer_name TEXT NOT NULL,
  proposer_phone TEXT NOT NULL DEFAULT '',
  submitted_on TEXT NOT NULL,
  status TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX proposal_by_status ON proposal(status, group_id);
CREATE INDEX proposal_by_group ON proposal(group_id);
CREATE TABLE proposal_event (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposal_event_by_proposal ON proposal_event(proposal_id);
CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  council_id INTEGER NOT NULL REFERENCES council(id),
  starts_at TEXT NOT NULL,
  mode TEXT NOT NULL,
  venue TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned',
  closed_at TEXT,
  UNIQUE (year, seq)
);
CREATE TABLE agenda_item (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id),
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  position INTEGER NOT NULL,
  UNIQUE (session_id, proposal_id)
);
CREATE INDEX agenda_item_by_proposal ON agenda_item(proposal_id);
CREATE TABLE attendance (
  session_id INTEGER NOT NULL REFERENCES session(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  PRIMARY KEY (session_id, person_id)
);
CREATE TABLE remark (
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  speaker_id INTEGER REFERENCES person(id),
  speaker_name TEXT NOT NULL,
  text TEXT NOT NULL CHECK (text <> ''),
  at TEXT NOT NULL
);
CREATE TABLE motion (
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  text TEXT NOT NULL CHECK (text <> ''),
  mover_id INTEGER REFERENCES person(id),
  seconder_id INTEGER REFERENCES person(id),
  responsible TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'carried', 'defeated')),
  at TEXT NOT NULL
);
CREATE TABLE vote (
  id INTEGER PRIMARY KEY,
  motion_id INTEGER NOT NULL UNIQUE REFERENCES motion(id),
  method TEXT NOT NULL CHECK (method IN ('count', 'roll-call')),
  members INTEGER NOT NULL,
  present INTEGER NOT NULL,
  yes INTEGER NOT NULL,
  no INTEGER NOT NULL,
  abstain INTEGER NOT NULL,
  quorum_rule TEXT NOT NULL,
  majority_rule TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('carried', 'defeated')),
  at TEXT NOT NULL
);
CREATE TABLE ballot (
  vote_id INTEGER NOT NULL REFERENCES vote(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  choice TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  PRIMARY KEY (vote_id, person_id)
);
CREATE TABLE ruling (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposal(id),
  motion_id INTEGER NOT NULL REFERENCES motion(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  text TEXT NOT NULL,
  responsible TEXT NOT NULL,
  deadline TEXT NOT NULL,
  ruled_on TEXT NOT NULL
);
CREATE TABLE notice (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  stage TEXT NOT NULL CHECK (stage IN ('plan', 'process', 'result')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  drafted_on TEXT NOT NULL,
  posted_on TEXT,
  days INTEGER CHECK (days IS NULL OR days > 0),
  ends_on TEXT,
  UNIQUE (year, number),
  UNIQUE (proposal_id, stage)
);
)sql"},
      {2, R"sql(
-- Two tiers: routing facts on proposals, recommendations kept apart from rulings, reviews,
-- joint meetings, invitees, recusals, secret ballots, overrides, household visits, the
-- 四议两公开 path and merged proposals.
ALTER TABLE village ADD COLUMN group_budget_limit INTEGER;
ALTER TABLE village ADD COLUMN review_group_rulings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE village ADD COLUMN escalate_multi_group INTEGER NOT NULL DEFAULT 1;
CREATE TABLE matter_type (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  village_only INTEGER NOT NULL DEFAULT 0,
  majority TEXT
);
ALTER TABLE council ADD COLUMN kind TEXT NOT NULL DEFAULT 'council';
ALTER TABLE council ADD COLUMN representative INTEGER NOT NULL DEFAULT 0;
ALTER TABLE council ADD COLUMN required_categories TEXT NOT NULL DEFAULT '';
ALTER TABLE proposal ADD COLUMN budget INTEGER CHECK (budget IS NULL OR budget >= 0);
ALTER TABLE proposal ADD COLUMN matter_type TEXT REFERENCES matter_type(key);
ALTER TABLE proposal ADD COLUMN path TEXT NOT NULL DEFAULT 'standard' CHECK (path IN ('standard', 'four-step'));
ALTER TABLE proposal ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE proposal ADD COLUMN merged_into INTEGER REFERENCES proposal(id);
CREATE TABLE proposal_group (
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  group_id INTEGER NOT NULL REFERENCES village_group(id),
  PRIMARY KEY (proposal_id, group_id)
);
CREATE TABLE recommendation (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  session_id INTEGER REFERENCES session(id),
  text TEXT NOT NULL CHECK (text <> ''),
  responsible TEXT NOT NULL DEFAULT '',
  deadline TEXT,
  reason TEXT NOT NULL DEFAULT '',
  made_on TEXT NOT NULL
);
CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  recommendation_id INTEGER NOT NULL REFERENCES recommendation(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  decision TEXT NOT NULL CHECK (decision IN ('approve', 'send-back', 'take-up')),
  reason TEXT NOT NULL DEFAULT '',
  reviewed_on TEXT NOT NULL
);
CREATE TABLE session_council (
  session_id INTEGER NOT NULL REFERENCES session(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  PRIMARY KEY (session_id, council_id)
);
CREATE TABLE invitee (
  session_id INTEGER NOT NULL REFERENCES session(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, person_id)
);
CREATE TABLE recusal (
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  reason TEXT NOT NULL CHECK (reason <> ''),
  PRIMARY KEY (agenda_item_id, person_id)
);
CREATE TABLE visit (
  id INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id),
  household TEXT NOT NULL CHECK (household <> ''),
  visited_on TEXT NOT NULL,
  visitor_id INTEGER REFERENCES person(id),
  opinion TEXT NOT NULL DEFAULT '',
  choice TEXT CHECK (choice IS NULL OR choice IN ('for', 'against', 'abstain')),
  UNIQUE (agenda_item_id, household)
);
CREATE TABLE four_step (
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
  session_id INTEGER NOT NULL REFERENCES session(id),
  should_attend INTEGER NOT NULL,
  attended INTEGER NOT NULL,
  completed_on TEXT NOT NULL,
  PRIMARY KEY (proposal_id, step)
);
-- vote and ruling change their constraints: rebuilt (foreign keys are off during migrations).
CREATE TABLE vote_v2 (
  id INTEGER PRIMARY KEY,
  motion_id INTEGER NOT NULL UNIQUE REFERENCES motion(id),
  method TEXT NOT NULL CHECK (method IN ('count', 'roll-call', 'secret', 'households')),
  members INTEGER NOT NULL,
  present INTEGER NOT NULL,
  yes INTEGER NOT NULL,
  no INTEGER NOT NULL,
  abstain INTEGER NOT NULL,
  issued INTEGER,
  blank INTEGER,
  spoiled INTEGER,
  quorum_rule TEXT NOT NULL,
  majority_rule TEXT NOT NULL,
  computed TEXT NOT NULL CHECK (computed IN ('carried', 'defeated')),
  result TEXT NOT NULL CHECK (result IN ('carried', 'defeated')),
  override_reason TEXT,
  at TEXT NOT NULL,
  CHECK ((result = computed) OR (override_reason IS NOT NULL AND override_reason <> ''))
);
INSERT INTO vote_v2 (id, motion_id, method, members, present, yes, no, abstain, quorum_rule, majority_rule,
                     computed, result, at)
  SELECT id, motion_id, method, members, present, yes, no, abstain, quorum_rule, majority_rule, result, result, at
  FROM vote;
DROP TABLE vote;
ALTER TABLE vote_v2 RENAME TO vote;
CREATE TABLE ruling_v2 (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposal(id),
  motion_id INTEGER REFERENCES motion(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  text TEXT NOT NULL,
  responsible TEXT NOT NULL,
  deadline TEXT NOT NULL,
  ruled_on TEXT NOT NULL,
  approved_by INTEGER REFERENCES council(id),
  recommendation_id INTEGER REFERENCES recommendation(id)
);
INSERT INTO ruling_v2 (id, proposal_id, motion_id, council_id, text, responsible, deadline, ruled_on)
  SELECT id, proposal_id, motion_id, council_id, text, responsible, deadline, ruled_on FROM ruling;
DROP TABLE ruling;
ALTER TABLE ruling_v2 RENAME TO ruling;
)sql"},
      {3, R"sql(
-- Village conventions (村规民约): versions with their clauses and adoption path; households'
-- declarations of weddings and funerals (申报) with the council's answer and the actual figures.
ALTER TABLE village ADD COLUMN reference_cost_per_event INTEGER;
CREATE TABLE convention (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (title <> '')
);
CREATE TABLE convention_version (
  id INTEGER PRIMARY KEY,
  convention_id INTEGER NOT NULL REFERENCES convention(id),
  version INTEGER NOT NULL,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  effective_on TEXT NOT NULL,
  recorded_on TEXT NOT NULL,
  UNIQUE (convention_id, version)
);
CREATE TABLE convention_clause (
  version_id INTEGER NOT NULL REFERENCES convention_version(id),
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  limit_key TEXT,
  limit_value INTEGER CHECK (limit_value IS NULL OR limit_value >= 0),
  PRIMARY KEY (version_id, number),
  CHECK ((limit_key IS NULL) = (limit_value IS NULL))
);
CREATE TABLE adoption_step (
  version_id INTEGER NOT NULL REFERENCES convention_version(id),
  step TEXT NOT NULL,
  done_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (version_id, step)
);
CREATE TABLE declaration (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  household TEXT NOT NULL CHECK (household <> ''),
  group_id INTEGER REFERENCES village_group(id),
  event TEXT NOT NULL CHECK (event IN ('wedding', 'funeral', 'other')),
  event_on TEXT NOT NULL,
  declared_on TEXT NOT NULL,
  tables INTEGER, guests INTEGER, cost_per_table INTEGER, gift INTEGER, days INTEGER,
  cigarette_price INTEGER, liquor_price INTEGER,
  answer TEXT CHECK (answer IS NULL OR answer IN ('approved', 'approved-with-conditions', 'advised-against')),
  answer_note TEXT NOT NULL DEFAULT '',
  answered_on TEXT,
  actual_tables INTEGER, actual_guests INTEGER, actual_cost_per_table INTEGER, actual_gift INTEGER,
  actual_days INTEGER, actual_cigarette_price INTEGER, actual_liquor_price INTEGER,
  actual_on TEXT,
  UNIQUE (year, seq)
);
CREATE INDEX declaration_by_event ON declaration(event_on);
-- A convention is published as a notice: the notice table takes a new stage (rebuilt).
CREATE TABLE notice_v3 (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  stage TEXT NOT NULL CHECK (stage IN ('plan', 'process', 'result', 'convention')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  drafted_on TEXT NOT NULL,
  posted_on TEXT,
  days INTEGER CHECK (days IS NULL OR days > 0),
  ends_on TEXT,
  UNIQUE (year, number),
  UNIQUE (proposal_id, stage)
);
INSERT INTO notice_v3 SELECT * FROM notice;
DROP TABLE notice;
ALTER TABLE notice_v3 RENAME TO notice;
)sql"},
      {4, R"sql(
-- The notice board: more stages, corrections that supersede a notice, posting places and poster,
-- working-day periods; villagers' objections; a ruling set aside when an objection is upheld.
ALTER TABLE village ADD COLUMN templates TEXT NOT NULL DEFAULT '';
CREATE TABLE notice_v4 (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  stage TEXT NOT NULL CHECK (stage IN ('plan', 'process', 'result', 'convention', 'announcement',
                                       'implementation', 'correction', 'objection-answer')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  drafted_on TEXT NOT NULL,
  posted_on TEXT,
  days INTEGER CHECK (days IS NULL OR days > 0),
  working_days INTEGER NOT NULL DEFAULT 0,
  ends_on TEXT,
  places TEXT NOT NULL DEFAULT '',
  posted_by TEXT NOT NULL DEFAULT '',
  supersedes INTEGER REFERENCES notice(id),
  UNIQUE (year, number)
);
INSERT INTO notice_v4 (id, year, number, proposal_id, stage, title, body, drafted_on, posted_on, days, ends_on)
  SELECT id, year, number, proposal_id, stage, title, body, drafted_on, posted_on, days, ends_on FROM notice;
DROP TABLE notice;
ALTER TABLE notice_v4 RENAME TO notice;
CREATE INDEX notice_by_proposal ON notice(proposal_id, stage);
CREATE TABLE objection (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  notice_id INTEGER NOT NULL REFERENCES notice(id),
  objector TEXT NOT NULL CHECK (objector <> ''),
  objector_phone TEXT NOT NULL DEFAULT '',
  made_on TEXT NOT NULL,
  text TEXT NOT NULL CHECK (text <> ''),
  answer TEXT CHECK (answer IS NULL OR answer IN ('upheld', 'dismissed')),
  answer_reason TEXT NOT NULL DEFAULT '',
  answered_on TEXT,
  UNIQUE (year, seq)
);
CREATE TABLE ruling_v4 (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  motion_id INTEGER REFERENCES motion(id),
  council_id INTEGER NOT NULL REFERENCES council(id),
  text TEXT NOT NULL,
  responsible TEXT NOT NULL,
  deadline TEXT NOT NULL,
  ruled_on TEXT NOT NULL,
  approved_by INTEGER REFERENCES council(id),
  recommendation_id INTEGER REFERENCES recommendation(id),
  set_aside_on TEXT
);
INSERT INTO ruling_v4 (id, proposal_id, motion_id, council_id, text, responsible, deadline, ruled_on, approved_by,
                       recommendation_id)
  SELECT id, proposal_id, motion_id, council_id, text, responsible, deadline, ruled_on, approved_by,
         recommendation_id FROM ruling;
DROP TABLE ruling;
ALTER TABLE ruling_v4 RENAME TO ruling;
-- One ruling in force per proposal; rulings set aside are kept.
CREATE UNIQUE INDEX ruling_in_force ON ruling(proposal_id) WHERE set_aside_on IS NULL;
)sql"},
      {5, R"sql(
-- After the ruling (结果运用): progress reports, completion with its evidence, villagers' satisfaction.
CREATE TABLE progress (
  id INTEGER PRIMARY KEY,
  ruling_id INTEGER NOT NULL REFERENCES ruling(id),
  reported_on TEXT NOT NULL,
  percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note TEXT NOT NULL DEFAULT ''
);
ALTER TABLE ruling ADD COLUMN completed_on TEXT;
ALTER TABLE ruling ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE ruling ADD COLUMN satisfied INTEGER;
ALTER TABLE ruling ADD COLUMN basically_satisfied INTEGER;
ALTER TABLE ruling ADD COLUMN unsatisfied INTEGER;
CREATE INDEX ruling_by_deadline ON ruling(deadline) WHERE set_aside_on IS NULL AND completed_on IS NULL;
CREATE INDEX proposal_by_submitted ON proposal(submitted_on);
CREATE INDEX session_by_start ON session(starts_at);
)sql"},
      {6, R"sql(
-- The figures report reads the period's proposals from this index alone (no table lookups):
-- on 1,000,000 proposals that takes its main query from over 2 s to under 1 s.
CREATE INDEX proposal_report ON proposal(submitted_on, status, channel, tier, group_id);
DROP INDEX proposal_by_submitted;
)sql"},
      {7, R"sql(
-- Tamper-evident history: every change of every table, with the full row, chained by SHA-256.
-- The rows that exist when the history starts are recorded as snapshot entries (see migrate()).
CREATE TABLE change_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  operator TEXT NOT NULL,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'snapshot')),
  row_id INTEGER NOT NULL,
  content TEXT,
  prev TEXT,
  hash TEXT
);
CREATE INDEX change_log_by_row ON change_log(tbl, row_id);
ALTER TABLE notice ADD COLUMN chain_head TEXT;
ALTER TABLE notice ADD COLUMN fingerprint TEXT;
)sql"},
      {8, R"sql(
-- Who keeps the records (village.toml's operator): the history names them when --as is not given.
-- The village row's new shape is recorded as a snapshot entry (see migrate()).
ALTER TABLE village ADD COLUMN operator TEXT NOT NULL DEFAULT '';
)sql"},
      {9, R"sql(
-- Batch import: each imported person and proposal keeps the stable key of its row (the file's key
-- column, or a hash of the row), so importing the same file again adds nothing. The rows' new shape
-- is recorded as snapshot entries (see migrate()).
ALTER TABLE person ADD COLUMN external_key TEXT;
ALTER TABLE proposal ADD COLUMN external_key TEXT;
CREATE UNIQUE INDEX person_by_key ON person(external_key) WHERE external_key IS NOT NULL;
CREATE UNIQUE INDEX proposal_by_key ON proposal(external_key) WHERE external_key IS NOT NULL;
CREATE INDEX person_by_id_number ON person(id_number) WHERE id_number <> '';
-- No query reads the history by table and row (log and verify read it in order), and keeping this
-- index cost a large import a fifth of its time.
DROP INDEX change_log_by_row;
-- Lists filtered by status and group come out in (year, seq) order straight from the index, so a
-- limit stops early: on 1,000,000 proposals, 140,000 of them in one group, 90 ms became a few.
DROP INDEX proposal_by_status;
CREATE INDEX proposal_by_status ON proposal(status, group_id, year, seq);
DROP INDEX proposal_by_group;
CREATE INDEX proposal_by_group ON proposal(group_id, year, seq);
)sql"},
      {10, R"sql(
-- The lawful path. Each matter type names the body the law gives it to; a database from before keeps
-- the statutory list's types with the villagers' meeting. The rows' new shape is recorded as
-- snapshot entries (see migrate()).
ALTER TABLE matter_type ADD COLUMN decided_by TEXT NOT NULL DEFAULT 'council'
  CHECK (decided_by IN ('council', 'villagers', 'group-meeting'));
UPDATE matter_type SET decided_by = 'villagers' WHERE key IN ('collective-income', 'public-welfare', 'fundraising',
  'land-contracting', 'homestead', 'compensation', 'collective-property');
-- An upheld objection sets a ruling aside, and its posted result notice with it.
ALTER TABLE notice ADD COLUMN set_aside_on TEXT;
-- Each session that takes a matter up has its own plan and process notices.
ALTER TABLE notice ADD COLUMN session_id INTEGER REFERENCES session(id);
-- A motion of the villagers' meeting may authorise the representatives' meeting to decide matter types.
ALTER TABLE motion ADD COLUMN authorises TEXT NOT NULL DEFAULT '';
-- A group has its council and, beside it, its group meeting (村民小组会议): one body of each kind a group.
CREATE TABLE council_v10 (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  tier TEXT NOT NULL CHECK (tier IN ('village', 'group')),
  group_id INTEGER REFERENCES village_group(id),
  convener_id INTEGER NOT NULL REFERENCES person(id),
  rule_kind TEXT NOT NULL REFERENCES vote_rule(kind),
  min_party_share REAL,
  min_women_share REAL,
  kind TEXT NOT NULL DEFAULT 'council',
  representative INTEGER NOT NULL DEFAULT 0,
  required_categories TEXT NOT NULL DEFAULT '',
  CHECK ((tier = 'group') = (group_id IS NOT NULL)),
  UNIQUE (group_id, kind)
);
INSERT INTO council_v10 (id, key, name, tier, group_id, convener_id, rule_kind, min_party_share, min_women_share,
                         kind, representative, required_categories)
  SELECT id, key, name, tier, group_id, convener_id, rule_kind, min_party_share, min_women_share, kind,
         representative, required_categories FROM council;
DROP TABLE council;
ALTER TABLE council_v10 RENAME TO council;
-- Council membership over time: who joined or left a council from which day, and why.
CREATE TABLE council_member_v10 (
  id INTEGER PRIMARY KEY,
  council_id INTEGER NOT NULL REFERENCES council(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  since TEXT,
  until TEXT,
  reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO council_member_v10 (id, council_id, person_id) SELECT rowid, council_id, person_id FROM council_member;
DROP TABLE council_member;
ALTER TABLE council_member_v10 RENAME TO council_member;
CREATE UNIQUE INDEX council_member_open ON council_member(council_id, person_id) WHERE until IS NULL;
-- The statutory meetings are counted at a sign-in: adults signed in, households represented, who counted.
CREATE TABLE headcount (
  session_id INTEGER PRIMARY KEY REFERENCES session(id),
  adults INTEGER NOT NULL CHECK (adults >= 0),
  households INTEGER CHECK (households IS NULL OR households >= 0),
  counted_by TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
)sql"},
      {11, R"sql(
-- A villager's receipt for a matter raised through yishi serve: the tracking code (unguessable, read
-- aloud in groups) that opens /track/CODE, and the channel it came by.
CREATE TABLE receipt (
  proposal_id INTEGER PRIMARY KEY REFERENCES proposal(id),
  code TEXT NOT NULL UNIQUE CHECK (length(code) = 14),
  channel TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  grid_worker_id INTEGER REFERENCES grid_worker(id)
);
-- Grid workers (网格员): they raise matters on villagers' behalf through yishi serve. Who they are is a
-- record; how they log in (auth_*) is not: it is kept out of the history and the exports.
CREATE TABLE grid_worker (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (name <> ''),
  group_id INTEGER REFERENCES village_group(id),
  person_id INTEGER REFERENCES person(id), -- the person on record, when they are one: a council member visits
  added_on TEXT NOT NULL,
  removed_on TEXT
);
CREATE UNIQUE INDEX grid_worker_current ON grid_worker(name) WHERE removed_on IS NULL;
CREATE TABLE auth_credential (
  grid_worker_id INTEGER PRIMARY KEY REFERENCES grid_worker(id),
  one_time TEXT NOT NULL DEFAULT '', -- the first login's code, as a libsodium crypto_pwhash_str hash
  password TEXT NOT NULL DEFAULT ''  -- the password the worker chose, hashed the same way
);
CREATE TABLE auth_session (
  token TEXT PRIMARY KEY,            -- SHA-256 of the cookie's token, hex
  grid_worker_id INTEGER NOT NULL REFERENCES grid_worker(id),
  expires_at TEXT NOT NULL
);
)sql"},
      {12, R"sql(
-- How the village's sheets are printed (village.toml's [print]): plain, under a red header, or close to
-- GB/T 9704-2012; the notices and the formal documents (公告, conventions, minutes, reports) each their
-- own. The village row's new shape is recorded as a snapshot entry (see migrate()).
ALTER TABLE village ADD COLUMN notice_layout TEXT NOT NULL DEFAULT 'plain'
  CHECK (notice_layout IN ('plain', 'red-header', 'gbt9704'));
ALTER TABLE village ADD COLUMN announcement_layout TEXT NOT NULL DEFAULT 'plain'
  CHECK (announcement_layout IN ('plain', 'red-header', 'gbt9704'));
ALTER TABLE village ADD COLUMN red_header TEXT NOT NULL DEFAULT '';
)sql"},
      {13, R"sql(
-- The compact history. An entry no longer holds an inserted row (the row is in its table; the entry's
-- hash covers it), names its table by number and its command by batch (when and who, once a command),
-- holds an update's changed columns only, old and new, and a deleted row whole (it exists nowhere
-- else); its hash is a 32-byte BLOB and the chain's head is kept in history_head. The entries written
-- before stay as they are in history_v1 and keep verifying; the new chain starts from their head, with
-- a snapshot of every row (see migrate()).
ALTER TABLE change_log RENAME TO history_v1;
CREATE TABLE history_table (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE history_batch (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  operator TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '' -- where a bulk import's rows came from ("import proposals.csv")
);
CREATE TABLE history (
  id INTEGER PRIMARY KEY,
  batch INTEGER,             -- history_batch.id, set when the entry is chained
  tbl INTEGER NOT NULL,      -- history_table.id
  op INTEGER NOT NULL,       -- 0 insert, 1 update, 2 delete, 3 snapshot
  row_id INTEGER NOT NULL,
  change TEXT,               -- an update's {"column":[old,new],...}; a deleted row; else NULL
  hash BLOB NOT NULL         -- the entry's SHA-256 in the chain (before chaining: the row's)
);
CREATE TABLE history_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  entry INTEGER NOT NULL,    -- the last chained entry (0: none yet)
  hash BLOB NOT NULL,        -- its hash, or the genesis
  genesis BLOB NOT NULL      -- where the chain starts: history_v1's head, or 32 zero bytes
);
)sql"},
      {14, R"sql(
-- The district (yishi district push): the village's statistical division code (统计用区划代码, 12 digits) and
-- its township's (9 digits, the first nine of the village's), in a row of their own so that the village
-- row keeps the shape its history hashed. And where the history was last anchored at the district: each
-- push and bundle, with the entry and hash it reached (the history's own table: no entry of its own).
CREATE TABLE village_code (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL CHECK (length(code) = 12 AND code NOT GLOB '*[^0-9]*'),
  township_code TEXT NOT NULL CHECK (length(township_code) = 9 AND township_code NOT GLOB '*[^0-9]*'
                                     AND substr(code, 1, 9) = township_code)
);
CREATE TABLE history_push (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('push', 'bundle')),
  target TEXT NOT NULL,     -- the district's server (no password), or the bundle's file
  village TEXT NOT NULL,    -- the village code it was sent under
  first_entry INTEGER NOT NULL,
  entry INTEGER NOT NULL,   -- the last entry sent
  hash BLOB NOT NULL        -- its hash
);
)sql"},
      {15, R"sql(
-- Records that can be put right: each correction is a row of its own, with its reason, so that the rows the
-- history has hashed keep their shape. A session moved (改期) or called off (取消; session.status 'cancelled');
-- a draft notice discarded (作废); a matter's field corrected, with the correction notice (更正公示) that
-- made it public where one was needed; a vote recorded in error and recorded again while its session is open
-- (the figures first recorded kept); a person added, corrected, moved to another group or gone (died, moved
-- away) from a day; a notice's serial (文号) given when it is posted, so the posted series
-- has no holes (the serials of the notices posted before are their numbers).
CREATE TABLE session_change (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id),
  kind TEXT NOT NULL CHECK (kind IN ('reschedule', 'cancel')),
  old_starts_at TEXT NOT NULL,
  new_starts_at TEXT,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL,
  CHECK ((kind = 'reschedule') = (new_starts_at IS NOT NULL))
);
CREATE INDEX session_change_by_session ON session_change(session_id);
CREATE TABLE notice_discard (
  notice_id INTEGER PRIMARY KEY REFERENCES notice(id),
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL
);
CREATE TABLE correction (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposal(id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL,
  notice_id INTEGER REFERENCES notice(id), -- the correction notice that puts it right in public
  applied INTEGER NOT NULL DEFAULT 1 CHECK (applied IN (0, 1)) -- 0 while its correction notice is a draft
);
CREATE INDEX correction_by_proposal ON correction(proposal_id);
CREATE TABLE vote_correction (
  id INTEGER PRIMARY KEY,
  motion_id INTEGER NOT NULL REFERENCES motion(id),
  old_method TEXT NOT NULL,
  old_present INTEGER NOT NULL,
  old_yes INTEGER NOT NULL,
  old_no INTEGER NOT NULL,
  old_abstain INTEGER NOT NULL,
  old_result TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL
);
CREATE INDEX vote_correction_by_motion ON vote_correction(motion_id);
CREATE TABLE person_change (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  kind TEXT NOT NULL CHECK (kind IN ('add', 'edit', 'move', 'leave')),
  detail TEXT NOT NULL DEFAULT '', -- the fields changed, the group moved to, or how they left (moved-away, died)
  effective_on TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_change_by_person ON person_change(person_id);
CREATE TABLE notice_serial (
  notice_id INTEGER PRIMARY KEY REFERENCES notice(id),
  year INTEGER NOT NULL,
  number INTEGER NOT NULL CHECK (number > 0),
  UNIQUE (year, number)
);
INSERT INTO notice_serial (notice_id, year, number) SELECT id, year, number FROM notice WHERE posted_on IS NOT NULL;
)sql"},
      {16, R"sql(
-- An attendance or a sign-in recorded in error and recorded again while its session was open (更正): what
-- was first recorded and why. A member's mark: person_id and old_present; a sign-in: the old counts.
CREATE TABLE attendance_correction (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES session(id),
  person_id INTEGER REFERENCES person(id),
  old_present INTEGER CHECK (old_present IS NULL OR old_present IN (0, 1)),
  old_adults INTEGER,
  old_households INTEGER,
  reason TEXT NOT NULL CHECK (reason <> ''),
  at TEXT NOT NULL,
  CHECK ((person_id IS NULL) = (old_present IS NULL))
);
CREATE INDEX attendance_correction_by_session ON attendance_correction(session_id);
)sql"},
  };
  return steps;
}

} // namespace yishi::storage

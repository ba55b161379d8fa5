
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.api_token (
    id integer NOT NULL,
    user_id integer NOT NULL,
    issued_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    revoked_at bigint
);

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;

CREATE TABLE public.counter (
    id integer NOT NULL,
    name character varying(100) NOT NULL,
    active boolean NOT NULL,
    paused boolean NOT NULL,
    officer_id integer
);

CREATE SEQUENCE public.counter_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.counter_id_seq OWNED BY public.counter.id;

CREATE TABLE public.counter_service (
    counter_id integer NOT NULL,
    service_id integer NOT NULL
);

CREATE TABLE public.event (
    id integer NOT NULL,
    at bigint NOT NULL,
    kind character varying(40) NOT NULL,
    ticket_id integer,
    service_id integer,
    counter_id integer,
    actor_id integer,
    details text NOT NULL,
    out_of_order boolean NOT NULL
);

CREATE SEQUENCE public.event_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.event_id_seq OWNED BY public.event.id;

CREATE TABLE public.kiosk (
    id integer NOT NULL,
    name character varying(40) NOT NULL,
    offers_priority boolean NOT NULL,
    created_at bigint NOT NULL,
    created_by_id integer,
    enrol_code_hash character varying(64),
    enrol_expires_at bigint,
    key_hash character varying(64),
    enrolled_at bigint,
    revoked_at bigint
);

CREATE SEQUENCE public.kiosk_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.kiosk_id_seq OWNED BY public.kiosk.id;

CREATE TABLE public.login_attempt (
    id integer NOT NULL,
    at bigint NOT NULL,
    username character varying(80) NOT NULL,
    client character varying(64) NOT NULL,
    succeeded boolean
);

CREATE SEQUENCE public.login_attempt_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.login_attempt_id_seq OWNED BY public.login_attempt.id;

CREATE TABLE public.migratehistory (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    migrated_at timestamp without time zone NOT NULL
);

CREATE SEQUENCE public.migratehistory_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.migratehistory_id_seq OWNED BY public.migratehistory.id;

CREATE TABLE public.print_job (
    id integer NOT NULL,
    ticket_id integer NOT NULL,
    printer character varying(80) NOT NULL,
    status character varying(10) NOT NULL,
    attempts integer NOT NULL,
    created_at bigint NOT NULL,
    next_attempt_at bigint NOT NULL,
    printed_at bigint,
    last_error character varying(300)
);

CREATE SEQUENCE public.print_job_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.print_job_id_seq OWNED BY public.print_job.id;

CREATE TABLE public.service (
    id integer NOT NULL,
    prefix character varying(4) NOT NULL,
    name_en character varying(300) NOT NULL,
    name_km character varying(500) NOT NULL,
    group_en character varying(200) NOT NULL,
    group_km character varying(300) NOT NULL,
    fee_riel integer,
    processing_days integer,
    target_wait_min integer NOT NULL,
    "position" integer NOT NULL,
    active boolean NOT NULL
);

CREATE SEQUENCE public.service_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.service_id_seq OWNED BY public.service.id;

CREATE TABLE public.ticket (
    id integer NOT NULL,
    service_id integer NOT NULL,
    number character varying(12) NOT NULL,
    day date NOT NULL,
    status character varying(10) NOT NULL,
    priority boolean NOT NULL,
    issued_at bigint NOT NULL,
    called_at bigint,
    first_called_at bigint,
    started_at bigint,
    finished_at bigint,
    counter_id integer,
    officer_id integer,
    estimated_wait_s integer,
    token character varying(64) NOT NULL,
    idempotency_key character varying(200),
    issued_by_id integer,
    kiosk_id integer,
    client character varying(64),
    idempotency_scope character varying(80)
);

CREATE SEQUENCE public.ticket_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.ticket_id_seq OWNED BY public.ticket.id;

CREATE TABLE public.ticket_sequence (
    prefix character varying(4) NOT NULL,
    day date NOT NULL,
    last integer NOT NULL
);

CREATE TABLE public."user" (
    id integer NOT NULL,
    username character varying(80) NOT NULL,
    password_hash character varying(255) NOT NULL,
    role character varying(20) NOT NULL,
    active boolean NOT NULL,
    session_epoch integer NOT NULL
);

CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);

ALTER TABLE ONLY public.counter ALTER COLUMN id SET DEFAULT nextval('public.counter_id_seq'::regclass);

ALTER TABLE ONLY public.event ALTER COLUMN id SET DEFAULT nextval('public.event_id_seq'::regclass);

ALTER TABLE ONLY public.kiosk ALTER COLUMN id SET DEFAULT nextval('public.kiosk_id_seq'::regclass);

ALTER TABLE ONLY public.login_attempt ALTER COLUMN id SET DEFAULT nextval('public.login_attempt_id_seq'::regclass);

ALTER TABLE ONLY public.migratehistory ALTER COLUMN id SET DEFAULT nextval('public.migratehistory_id_seq'::regclass);

ALTER TABLE ONLY public.print_job ALTER COLUMN id SET DEFAULT nextval('public.print_job_id_seq'::regclass);

ALTER TABLE ONLY public.service ALTER COLUMN id SET DEFAULT nextval('public.service_id_seq'::regclass);

ALTER TABLE ONLY public.ticket ALTER COLUMN id SET DEFAULT nextval('public.ticket_id_seq'::regclass);

ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);

INSERT INTO public.api_token VALUES (1, 3, 1796090520000, 1796133720000, NULL);
INSERT INTO public.api_token VALUES (2, 4, 1796090520000, 1796133720000, NULL);
INSERT INTO public.api_token VALUES (3, 2, 1796090520000, 1796133720000, 1796090520000);

INSERT INTO public.counter VALUES (3, 'Counter 3', true, false, NULL);
INSERT INTO public.counter VALUES (4, 'Counter 4', true, false, NULL);
INSERT INTO public.counter VALUES (1, 'Counter 1', true, false, 3);
INSERT INTO public.counter VALUES (2, 'Counter 2', true, false, 4);

INSERT INTO public.counter_service VALUES (1, 1);
INSERT INTO public.counter_service VALUES (1, 2);
INSERT INTO public.counter_service VALUES (1, 3);
INSERT INTO public.counter_service VALUES (1, 4);
INSERT INTO public.counter_service VALUES (1, 5);
INSERT INTO public.counter_service VALUES (1, 6);
INSERT INTO public.counter_service VALUES (1, 7);
INSERT INTO public.counter_service VALUES (2, 1);
INSERT INTO public.counter_service VALUES (2, 2);
INSERT INTO public.counter_service VALUES (2, 3);
INSERT INTO public.counter_service VALUES (2, 4);
INSERT INTO public.counter_service VALUES (2, 5);
INSERT INTO public.counter_service VALUES (2, 6);
INSERT INTO public.counter_service VALUES (2, 7);
INSERT INTO public.counter_service VALUES (2, 8);
INSERT INTO public.counter_service VALUES (2, 9);
INSERT INTO public.counter_service VALUES (2, 10);
INSERT INTO public.counter_service VALUES (2, 11);
INSERT INTO public.counter_service VALUES (2, 12);
INSERT INTO public.counter_service VALUES (3, 13);
INSERT INTO public.counter_service VALUES (3, 14);
INSERT INTO public.counter_service VALUES (3, 15);
INSERT INTO public.counter_service VALUES (3, 16);
INSERT INTO public.counter_service VALUES (3, 17);
INSERT INTO public.counter_service VALUES (3, 18);
INSERT INTO public.counter_service VALUES (3, 19);
INSERT INTO public.counter_service VALUES (4, 20);
INSERT INTO public.counter_service VALUES (4, 21);
INSERT INTO public.counter_service VALUES (4, 22);
INSERT INTO public.counter_service VALUES (4, 23);
INSERT INTO public.counter_service VALUES (4, 24);
INSERT INTO public.counter_service VALUES (4, 25);

INSERT INTO public.event VALUES (1, 1796090400000, 'kiosk_enrolment_started', NULL, NULL, NULL, NULL, '{"expires_at": "2026-12-01T03:00:00.000Z", "kiosk": "hall", "offers_priority": false, "replaced_key": false}', false);
INSERT INTO public.event VALUES (2, 1796090400000, 'kiosk_enrolled', NULL, NULL, NULL, NULL, '{"kiosk": "hall", "offers_priority": false}', false);
INSERT INTO public.event VALUES (3, 1796090400000, 'issued', 1, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A001", "priority": false}', false);
INSERT INTO public.event VALUES (4, 1796090460000, 'issued', 2, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A002", "priority": false}', false);
INSERT INTO public.event VALUES (5, 1796090460000, 'issued', 3, 1, NULL, NULL, '{"kiosk_id": 1, "number": "A003", "priority": false}', false);
INSERT INTO public.event VALUES (6, 1796090460000, 'issued', 4, 2, NULL, NULL, '{"kiosk_id": 1, "number": "B001", "priority": false}', false);
INSERT INTO public.event VALUES (7, 1796090520000, 'logged_out', NULL, NULL, NULL, 2, '{"token_id": 3}', false);
INSERT INTO public.event VALUES (8, 1796090580000, 'issued', 5, 3, NULL, 3, '{"number": "C001", "priority": true}', false);
INSERT INTO public.event VALUES (9, 1796090640000, 'signed_in', NULL, NULL, 1, 3, '{}', false);
INSERT INTO public.event VALUES (10, 1796090700000, 'called', 5, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (11, 1796090760000, 'started', 5, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (12, 1796091120000, 'finished', 5, 3, 1, 3, '{}', false);
INSERT INTO public.event VALUES (13, 1796091180000, 'called', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (14, 1796091360000, 'no_show', 1, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (15, 1796091420000, 'called', 2, 1, 1, 3, '{}', false);
INSERT INTO public.event VALUES (16, 1796091480000, 'transferred', 2, 5, 1, 3, '{"from_service_id": 1, "from_status": "called", "to_service_id": 5}', false);
INSERT INTO public.event VALUES (17, 1796091600000, 'signed_in', NULL, NULL, 2, 4, '{"by_call": true}', false);
INSERT INTO public.event VALUES (18, 1796091600000, 'called', 2, 5, 2, 4, '{}', false);
INSERT INTO public.event VALUES (19, 1796091660000, 'started', 2, 5, 2, 4, '{}', false);

INSERT INTO public.kiosk VALUES (1, 'hall', false, 1796090400000, NULL, NULL, NULL, 'bc1cb6bb53b0b0d90ce2e1c87b7868072ee90f223f1e006cffba94ebf2b5b404', 1796090400000, NULL);

INSERT INTO public.login_attempt VALUES (1, 1796090520000, 'officer1', '127.0.0.1', false);
INSERT INTO public.login_attempt VALUES (2, 1796090520000, 'officer1', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (3, 1796090520000, 'officer2', '127.0.0.1', true);
INSERT INTO public.login_attempt VALUES (4, 1796090520000, 'supervisor', '127.0.0.1', true);

INSERT INTO public.migratehistory VALUES (1, '001_initial', '2026-12-03 13:39:43.939193');
INSERT INTO public.migratehistory VALUES (2, '002_security', '2026-12-03 13:39:43.949787');

INSERT INTO public.print_job VALUES (1, 1, 'hall', 'pending', 0, 1796090400000, 1796090400000, NULL, NULL);
INSERT INTO public.print_job VALUES (2, 2, 'hall', 'pending', 0, 1796090460000, 1796090460000, NULL, NULL);
INSERT INTO public.print_job VALUES (3, 3, 'hall', 'pending', 0, 1796090460000, 1796090460000, NULL, NULL);
INSERT INTO public.print_job VALUES (4, 4, 'hall', 'pending', 0, 1796090460000, 1796090460000, NULL, NULL);

INSERT INTO public.service VALUES (1, 'A', 'Certification (notarisation) of a copy of a business certificate, per sheet', 'ការធ្វើនីត្យានុកូលកម្មលើវិញ្ញាបនបត្រប្រកបអាជីវកម្ម', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 1000, 3, 20, 0, true);
INSERT INTO public.service VALUES (2, 'B', 'Permit for rooms-for-rent lodging business (per room)', 'ផ្ទះជួលបន្ទប់ស្នាក់នៅ (គិតក្នុង០១បន្ទប់)', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 5000, 28, 20, 1, true);
INSERT INTO public.service VALUES (3, 'C', 'Transfer of possession of unregistered immovable property, urban land along NR5/NR58/NR258D – plot under 100 m²', 'ការផ្ទេរសិទ្ធិកាន់កាប់អចលនទ្រព្យដែលពុំទាន់ចុះបញ្ជីសម្រាប់ដីក្នុងទីប្រជុំជន (ជាប់សងខាងផ្លូវជាតិលេខ៥, ផ្លូវជាតិលេខ៥៨ និងផ្លូវជាតិលេខ២៥៨ដេ) — ដីដែលមានទំហំក្រោម ១០០ម៉ែត្រការ៉េ', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 50000, 15, 20, 2, true);
INSERT INTO public.service VALUES (4, 'D', 'Transfer of possession of unregistered immovable property, urban land along NR5/NR58/NR258D – plot 100 to under 500 m²', 'ការផ្ទេរសិទ្ធិកាន់កាប់អចលនទ្រព្យដែលពុំទាន់ចុះបញ្ជីសម្រាប់ដីក្នុងទីប្រជុំជន (ជាប់សងខាងផ្លូវជាតិលេខ៥, ផ្លូវជាតិលេខ៥៨ និងផ្លូវជាតិលេខ២៥៨ដេ) — ដីដែលមានទំហំចាប់ពី ១០០ម៉ែត្រការ៉េ ដល់ក្រោម ៥០០ម៉ែត្រការ៉េ', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 100000, 15, 20, 3, true);
INSERT INTO public.service VALUES (5, 'E', 'Permit for men''s barber shop (2 to 4 chairs)', 'កាត់សក់បុរស (ចាប់ពី ២កៅអី ទៅ ៤កៅអី)', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 20000, 7, 20, 4, true);
INSERT INTO public.service VALUES (6, 'F', 'Permit to open a massage place (5 beds or 5 chairs and below)', 'ម៉ាស្សា ចាប់ពី ០៥គ្រែ ឬចាប់ពី ០៥កៅអីចុះក្រោម', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', NULL, NULL, 20, 5, true);
INSERT INTO public.service VALUES (7, 'G', 'Certification of copy (provincial OWSO): business permit for import/export or foreign-invested hotel, per copy', 'ការងារនីត្យានុកូលកម្ម(ការបញ្ជាក់លើឯកសារថតចម្លង) — សេចក្តីអនុញ្ញាតឱ្យប្រកបអាជីវកម្ម អាហរ័ណ នីហរ័ណ សណ្ឋាគារវិនិយោគទុនបរទេស', 'Administration (district/khan own functions)', 'ការងាររដ្ឋបាល', 20000, 5, 20, 6, true);
INSERT INTO public.service VALUES (8, 'H', 'Construction permit – villa, floor area 100 m² or less, outside town', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ ចាប់ពី ១០០ម៉ែត្រការ៉េ ចុះក្រោម (ក្រៅក្រុង)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 420000, 25, 20, 7, true);
INSERT INTO public.service VALUES (9, 'I', 'Construction permit – villa, floor area 100 m² or less, in built-up area', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ ចាប់ពី ១០០ម៉ែត្រការ៉េ ចុះក្រោម (ក្នុងទីប្រជុំជន)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 600000, 25, 20, 8, true);
INSERT INTO public.service VALUES (10, 'J', 'Construction permit – villa, floor area over 100 to 200 m², outside town', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ លើសពី ១០០ម៉ែត្រការ៉េ ដល់ ២០០ម៉ែត្រការ៉េ (ក្រៅក្រុង)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 560000, 25, 20, 9, true);
INSERT INTO public.service VALUES (11, 'K', 'Construction permit – villa, floor area over 100 to 200 m², in built-up area', 'លិខិតអនុញ្ញាតសាងសង់ — ភូមិគ្រឹះ ផ្ទៃក្រឡាកម្រាលសំណង់ លើសពី ១០០ម៉ែត្រការ៉េ ដល់ ២០០ម៉ែត្រការ៉េ (ក្នុងទីប្រជុំជន)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', 800000, 25, 20, 10, true);
INSERT INTO public.service VALUES (12, 'L', 'Transfer of a whole immovable property (per title) – provincial cadastre', 'ការផ្ទេរអចលនវត្ថុទាំងមូល(ក្នុង១ប័ណ្ណ)', 'Land management, urban planning and construction', 'វិស័យរៀបចំដែនដី នគរូបនីយកម្ម និងសំណង់', NULL, NULL, 20, 11, true);
INSERT INTO public.service VALUES (13, 'M', 'Exam for motorcycle driving licence, category A', 'ប្រឡងយកប័ណ្ណបើកបរទោចក្រយានយន្តប្រភេទ ក', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 30000, 10, 20, 12, true);
INSERT INTO public.service VALUES (14, 'N', 'Motorcycle driving licence category A re-exam – theory test', 'ប្រឡងយកប័ណ្ណបើកបរឡើងវិញ ទោចក្រយានយន្ត ប្រភេទ ក — ប្រឡងទ្រឹស្តី', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 5000, NULL, 20, 13, true);
INSERT INTO public.service VALUES (15, 'O', 'Exchange, renewal, duplicate or triplicate of motorcycle driving licence, category A', 'ប្តូរ ពន្យារ ទុតិយតា ឬតតិយតាប័ណ្ណបើកបរទោចក្រយានយន្តប្រភេទ ក', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 20000, 10, 20, 14, true);
INSERT INTO public.service VALUES (16, 'P', 'Exam for car driving licence, category B', 'ប្រឡងយកប័ណ្ណបើកបររថយន្តប្រភេទ ខ', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 90000, 10, 20, 15, true);
INSERT INTO public.service VALUES (17, 'Q', 'Exchange, renewal, duplicate or triplicate of car driving licence', 'ប្តូរ ពន្យារ ទុតិយតា ឬតតិយតាប័ណ្ណបើកបររថយន្ត', 'Public works and transport', 'វិស័យសាធារណការ និងដឹកជញ្ជូន', 30000, 10, 20, 16, true);
INSERT INTO public.service VALUES (18, 'R', 'Mineral resource licence', 'ការផ្តល់អាជ្ញាប័ណ្ណធនធានរ៉ែ', 'Mines and energy', 'វិស័យរ៉ែ និងថាមពល', 200000, 7, 20, 17, true);
INSERT INTO public.service VALUES (19, 'S', 'Review and processing of application for artisanal / small-scale mineral resource licence', 'សេវាពិនិត្យ រៀបចំ និងដំណើការឯកសារសម្រាប់ការផ្តល់អាជ្ញាប័ណ្ណសិប្បកម្មធនធានរ៉ែ និងអាជីវកម្មធនធានរ៉ែខ្នាតតូច(ការដាក់ពាក្យស្នើសុំ និងដំណើរការឯកសារ) ស្របតាមការកំណត់របស់ក្រសួងរ៉ែ និងថាមពល', 'Mines and energy', 'វិស័យរ៉ែ និងថាមពល', 200000, 7, 20, 18, true);
INSERT INTO public.service VALUES (20, 'T', 'Registration of no-risk enterprise/handicraft with small capital (source text: under 2,000 million riel (USD 50,000))', 'ការចុះបញ្ជីសហគ្រាស និងសិប្បកម្មដែលមានដើមទុនក្រោម២០០០លានរៀល(៥០០០០ដុល្លា)ដែលគ្មានហានិភ័យ', 'Industry and handicraft', 'វិស័យឧស្សាហកម្ម និងសិប្បកម្ម', NULL, NULL, 20, 19, true);
INSERT INTO public.service VALUES (21, 'U', 'Handicraft operating certificate (new or renewal), capital under 200 million riel (USD 50,000)', 'ការចេញវិញ្ញាបនបត្រដំណើរការសិប្បកម្ម(ថ្មី ឬបន្ត) ដែលមានដើមទុនក្រោម២០០លានរៀល(៥០០០០ដុល្លា)', 'Industry and handicraft', 'វិស័យឧស្សាហកម្ម និងសិប្បកម្ម', NULL, NULL, 20, 20, true);
INSERT INTO public.service VALUES (22, 'V', 'Permit for slaughtering business, type A', 'ធ្វើអាជីវកម្មពិឃាតសត្វ ៖ ប្រភេទ ក', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 1000000, 5, 20, 21, true);
INSERT INTO public.service VALUES (23, 'W', 'Permit for slaughtering business, type B', 'ធ្វើអាជីវកម្មពិឃាតសត្វ ៖ ប្រភេទ ខ', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 800000, 5, 20, 22, true);
INSERT INTO public.service VALUES (24, 'X', 'Establishment of a slaughterhouse, type A (source: 1 month)', 'បង្កើតសត្តឃាតដ្ឋាន ៖ ប្រភេទ ក', 'Agriculture, forestry and fisheries', 'វិស័យកសិកម្ម រុក្ខាប្រមាញ់ និងនេសាទ', 1000000, NULL, 20, 23, true);
INSERT INTO public.service VALUES (25, 'Y', 'Permit to carry on a commercial service business (delegated to target municipalities/districts/khans)', 'ការចេញលិខិតអនុញ្ញាតប្រកបអាជីវកម្មសេវាកម្មពាណិជ្ជកម្ម', 'Commerce (Ministry of Commerce)', 'ក្រសួងពាណិជ្ជកម្ម', NULL, NULL, 20, 24, true);

INSERT INTO public.ticket VALUES (3, 1, 'A003', '2026-12-01', 'waiting', false, 1796090460000, NULL, NULL, NULL, NULL, NULL, NULL, 300, 'DqI-OxI9CODHLgClpTOPwg', 'rel02-key-3', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (4, 2, 'B001', '2026-12-01', 'waiting', false, 1796090460000, NULL, NULL, NULL, NULL, NULL, NULL, 450, 'j64iMxHZxmgmYgfHr7FRSQ', 'rel02-key-4', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (5, 3, 'C001', '2026-12-01', 'done', true, 1796090580000, 1796090700000, 1796090700000, 1796090760000, 1796091120000, 1, 3, 0, '0m4uPohO1Yr5PDamPOi4Fw', NULL, 3, NULL, '127.0.0.1', NULL);
INSERT INTO public.ticket VALUES (1, 1, 'A001', '2026-12-01', 'no_show', false, 1796090400000, 1796091180000, 1796091180000, NULL, NULL, 1, 3, 0, 'NbayuKoBiPwi20kTEki2cg', 'rel02-key-1', NULL, 1, '127.0.0.1', 'kiosk:1');
INSERT INTO public.ticket VALUES (2, 5, 'A002', '2026-12-01', 'serving', false, 1796090460000, 1796091600000, 1796091420000, 1796091660000, NULL, 2, 4, 150, 'x3_jxcmyDs9rp24BUzKUrA', 'rel02-key-2', NULL, 1, '127.0.0.1', 'kiosk:1');

INSERT INTO public.ticket_sequence VALUES ('A', '2026-12-01', 3);
INSERT INTO public.ticket_sequence VALUES ('B', '2026-12-01', 1);
INSERT INTO public.ticket_sequence VALUES ('C', '2026-12-01', 1);

INSERT INTO public."user" VALUES (1, 'admin', '$argon2id$v=19$m=65536,t=3,p=4$/YEhe5ZViYQgn5z7hhcAyw$ibqepcYbI77FVG+OFGsWeaUPq2TjFvqLW3++MW+3JOw', 'admin', true, 0);
INSERT INTO public."user" VALUES (2, 'supervisor', '$argon2id$v=19$m=65536,t=3,p=4$dJ6jo7NP7dWjwMfcYVxrVQ$XCzO5nSMXzEqKKmVVZiJcdE9d/mgRHVY5Rv6H8+h1gg', 'supervisor', true, 0);
INSERT INTO public."user" VALUES (3, 'officer1', '$argon2id$v=19$m=65536,t=3,p=4$FgvH6D0WWwvTZ0oRhEg/CQ$7pNc5cjWPborAOIGca8b3aF+A8ZPbqkNp8lewXpBnCs', 'officer', true, 0);
INSERT INTO public."user" VALUES (4, 'officer2', '$argon2id$v=19$m=65536,t=3,p=4$ZGazLMgL1Jcu1B7Ihhd/Pw$JuK/KlI43INZOKhJC5ltmxryMpfzbhkubP5DANxhHDs', 'officer', true, 0);
INSERT INTO public."user" VALUES (5, 'officer3', '$argon2id$v=19$m=65536,t=3,p=4$zURHCOkVDTAmFHU2rUbt3Q$ir607iteP68U6+Glbn6RfStn1DAJWUCtJBE97PMJ9D4', 'officer', true, 0);
INSERT INTO public."user" VALUES (6, 'officer4', '$argon2id$v=19$m=65536,t=3,p=4$b9wKiEK8SPImHICYT+1rpg$wmQmta6FcgzLpsyzDi6CtVtjv555CKM+Hg9hpyTWSKI', 'officer', true, 0);

SELECT pg_catalog.setval('public.api_token_id_seq', 3, true);

SELECT pg_catalog.setval('public.counter_id_seq', 4, true);

SELECT pg_catalog.setval('public.event_id_seq', 19, true);

SELECT pg_catalog.setval('public.kiosk_id_seq', 1, true);

SELECT pg_catalog.setval('public.login_attempt_id_seq', 4, true);

SELECT pg_catalog.setval('public.migratehistory_id_seq', 2, true);

SELECT pg_catalog.setval('public.print_job_id_seq', 4, true);

SELECT pg_catalog.setval('public.service_id_seq', 25, true);

SELECT pg_catalog.setval('public.ticket_id_seq', 5, true);

SELECT pg_catalog.setval('public.user_id_seq', 6, true);

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_pkey PRIMARY KEY (counter_id, service_id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.kiosk
    ADD CONSTRAINT kiosk_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.login_attempt
    ADD CONSTRAINT login_attempt_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.migratehistory
    ADD CONSTRAINT migratehistory_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.print_job
    ADD CONSTRAINT print_job_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.service
    ADD CONSTRAINT service_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.ticket_sequence
    ADD CONSTRAINT ticket_sequence_pkey PRIMARY KEY (prefix, day);

ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);

CREATE INDEX api_token_user_id ON public.api_token USING btree (user_id);

CREATE INDEX counter_officer_id ON public.counter USING btree (officer_id);

CREATE INDEX counter_service_counter_id ON public.counter_service USING btree (counter_id);

CREATE INDEX counter_service_service_id ON public.counter_service USING btree (service_id);

CREATE INDEX event_actor_id ON public.event USING btree (actor_id);

CREATE INDEX event_at ON public.event USING btree (at);

CREATE INDEX event_counter_id ON public.event USING btree (counter_id);

CREATE INDEX event_kind ON public.event USING btree (kind);

CREATE INDEX event_kind_counter_id ON public.event USING btree (kind, counter_id);

CREATE INDEX event_out_of_order ON public.event USING btree (out_of_order);

CREATE INDEX event_service_id ON public.event USING btree (service_id);

CREATE INDEX event_ticket_id ON public.event USING btree (ticket_id);

CREATE INDEX kiosk_created_by_id ON public.kiosk USING btree (created_by_id);

CREATE UNIQUE INDEX kiosk_enrol_code_hash ON public.kiosk USING btree (enrol_code_hash);

CREATE UNIQUE INDEX kiosk_key_hash ON public.kiosk USING btree (key_hash);

CREATE UNIQUE INDEX kiosk_name ON public.kiosk USING btree (name);

CREATE INDEX login_attempt_client_at ON public.login_attempt USING btree (client, at);

CREATE INDEX login_attempt_username_at ON public.login_attempt USING btree (username, at);

CREATE INDEX login_attempt_username_client_at ON public.login_attempt USING btree (username, client, at);

CREATE INDEX print_job_status_next_attempt_at ON public.print_job USING btree (status, next_attempt_at);

CREATE INDEX print_job_ticket_id ON public.print_job USING btree (ticket_id);

CREATE INDEX ticket_client_issued_at ON public.ticket USING btree (client, issued_at);

CREATE INDEX ticket_counter_id ON public.ticket USING btree (counter_id);

CREATE UNIQUE INDEX ticket_idempotency_scope_idempotency_key ON public.ticket USING btree (idempotency_scope, idempotency_key);

CREATE INDEX ticket_issued_by_id ON public.ticket USING btree (issued_by_id);

CREATE INDEX ticket_kiosk_id ON public.ticket USING btree (kiosk_id);

CREATE INDEX ticket_kiosk_id_issued_at ON public.ticket USING btree (kiosk_id, issued_at);

CREATE INDEX ticket_officer_id ON public.ticket USING btree (officer_id);

CREATE UNIQUE INDEX ticket_one_current_per_counter ON public.ticket USING btree (counter_id) WHERE ((status)::text = ANY ((ARRAY['called'::character varying, 'serving'::character varying])::text[]));

CREATE INDEX ticket_service_id ON public.ticket USING btree (service_id);

CREATE INDEX ticket_status ON public.ticket USING btree (status);

CREATE INDEX ticket_status_service_id_priority_issued_at ON public.ticket USING btree (status, service_id, priority, issued_at);

CREATE UNIQUE INDEX ticket_token ON public.ticket USING btree (token);

CREATE UNIQUE INDEX user_username ON public."user" USING btree (username);

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES public."user"(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.counter
    ADD CONSTRAINT counter_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.counter_service
    ADD CONSTRAINT counter_service_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id);

ALTER TABLE ONLY public.event
    ADD CONSTRAINT event_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES public.ticket(id);

ALTER TABLE ONLY public.kiosk
    ADD CONSTRAINT kiosk_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.print_job
    ADD CONSTRAINT print_job_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES public.ticket(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_counter_id_fkey FOREIGN KEY (counter_id) REFERENCES public.counter(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_issued_by_id_fkey FOREIGN KEY (issued_by_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_kiosk_id_fkey FOREIGN KEY (kiosk_id) REFERENCES public.kiosk(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES public."user"(id);

ALTER TABLE ONLY public.ticket
    ADD CONSTRAINT ticket_service_id_fkey FOREIGN KEY (service_id) REFERENCES public.service(id);


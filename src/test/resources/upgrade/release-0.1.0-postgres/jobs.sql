--
-- PostgreSQL database dump
--


-- Dumped from database version 14.22
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: public; Type: SCHEMA; Schema: -; Owner: -
--

-- *not* creating schema, since initdb creates it


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: batch_job_execution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution (
    job_execution_id bigint NOT NULL,
    version bigint,
    job_instance_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone
);


--
-- Name: batch_job_execution_context; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution_context (
    job_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text
);


--
-- Name: batch_job_execution_params; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_execution_params (
    job_execution_id bigint NOT NULL,
    parameter_name character varying(100) NOT NULL,
    parameter_type character varying(100) NOT NULL,
    parameter_value character varying(2500),
    identifying character(1) NOT NULL
);


--
-- Name: batch_job_execution_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_job_execution_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: batch_job_instance; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_job_instance (
    job_instance_id bigint NOT NULL,
    version bigint,
    job_name character varying(100) NOT NULL,
    job_key character varying(32) NOT NULL
);


--
-- Name: batch_job_instance_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_job_instance_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: batch_step_execution; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_step_execution (
    step_execution_id bigint NOT NULL,
    version bigint NOT NULL,
    step_name character varying(100) NOT NULL,
    job_execution_id bigint NOT NULL,
    create_time timestamp without time zone NOT NULL,
    start_time timestamp without time zone,
    end_time timestamp without time zone,
    status character varying(10),
    commit_count bigint,
    read_count bigint,
    filter_count bigint,
    write_count bigint,
    read_skip_count bigint,
    write_skip_count bigint,
    process_skip_count bigint,
    rollback_count bigint,
    exit_code character varying(2500),
    exit_message character varying(2500),
    last_updated timestamp without time zone
);


--
-- Name: batch_step_execution_context; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.batch_step_execution_context (
    step_execution_id bigint NOT NULL,
    short_context character varying(2500) NOT NULL,
    serialized_context text
);


--
-- Name: batch_step_execution_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.batch_step_execution_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: gemcap_lease; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_lease (
    job_key character varying(64) NOT NULL,
    token character varying(36) NOT NULL,
    host character varying(255) NOT NULL,
    pid bigint NOT NULL,
    expires_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_ledger; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_ledger (
    sha256 character varying(64) NOT NULL,
    model character varying(128) NOT NULL,
    prompt_sha256 character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    caption character varying,
    error character varying,
    finish_reason character varying(64),
    mime character varying(64),
    width integer,
    height integer,
    served_model character varying(128),
    prompt_tokens integer,
    output_tokens integer,
    thought_tokens integer,
    latency_ms bigint,
    recorded_at timestamp without time zone NOT NULL,
    origin character varying(16)
);


--
-- Name: gemcap_object; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_object (
    location character varying(4096) NOT NULL,
    version character varying(255) NOT NULL,
    sha256 character varying(64) NOT NULL,
    recorded_at timestamp without time zone NOT NULL
);


--
-- Name: gemcap_result; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_result (
    job_instance_id bigint NOT NULL,
    job_execution_id bigint NOT NULL,
    path character varying(4096) NOT NULL,
    sha256 character varying(64),
    status character varying(16) NOT NULL,
    caption character varying,
    error character varying,
    finish_reason character varying(64),
    mime character varying(64),
    width integer,
    height integer,
    model character varying(128),
    prompt_tokens integer,
    output_tokens integer,
    thought_tokens integer,
    latency_ms bigint,
    source character varying(16) NOT NULL
);


--
-- Name: gemcap_run; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.gemcap_run (
    job_execution_id bigint NOT NULL,
    job_instance_id bigint NOT NULL,
    job_key character varying(64) NOT NULL,
    input_location character varying(4096) NOT NULL,
    output_location character varying(4096) NOT NULL,
    run_number bigint NOT NULL,
    host character varying(255) NOT NULL,
    pid bigint NOT NULL,
    registered_at timestamp without time zone NOT NULL
);


--
-- Data for Name: batch_job_execution; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution VALUES (1, 3, 1, '2026-12-02 11:32:25.098192', '2026-12-02 11:32:25.176615', '2026-12-02 11:32:27.610029', 'COMPLETED', 'COMPLETED', '', '2026-12-02 11:32:27.611394');


--
-- Data for Name: batch_job_execution_context; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution_context VALUES (1, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAABdAANYmF0Y2gudmVyc2lvbnQABTYuMC42eA==', NULL);


--
-- Data for Name: batch_job_execution_params; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_execution_params VALUES (1, 'output', 'java.lang.String', '/tmp/gemcap-release-0.1.0-pg-fixture/out/captions.csv', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (1, 'input', 'java.lang.String', '/tmp/gemcap-release-0.1.0-pg-fixture/photos', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (1, 'include', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'limit', 'java.lang.Long', '0', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'run', 'java.lang.Long', '1', 'Y');
INSERT INTO public.batch_job_execution_params VALUES (1, 'model', 'java.lang.String', 'gemini-2.5-flash', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'force', 'java.lang.String', 'false', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'exclude', 'java.lang.String', '', 'N');
INSERT INTO public.batch_job_execution_params VALUES (1, 'prompt', 'java.lang.String', 'Write one factual caption for this image in a single sentence of at most 25 words: the main subject, what it is doing, and the setting. No preamble.', 'N');


--
-- Data for Name: batch_job_instance; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_job_instance VALUES (1, 0, 'caption', 'eab4a29ce1ef0a39c6a772a39c8958c4');


--
-- Data for Name: batch_step_execution; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_step_execution VALUES (1, 5, 'caption', 1, '2026-12-02 11:32:25.256062', '2026-12-02 11:32:25.278594', '2026-12-02 11:32:27.575172', 'COMPLETED', 2, 30, 0, 30, 0, 0, 0, 0, 'COMPLETED', '', '2026-12-02 11:32:27.579052');
INSERT INTO public.batch_step_execution VALUES (2, 4, 'publish', 1, '2026-12-02 11:32:27.590781', '2026-12-02 11:32:27.593695', '2026-12-02 11:32:27.605967', 'COMPLETED', 1, 0, 0, 0, 0, 0, 0, 0, 'COMPLETED', '', '2026-12-02 11:32:27.607951');


--
-- Data for Name: batch_step_execution_context; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.batch_step_execution_context VALUES (1, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAALdAATaW1hZ2VSZWFkZXIubGFzdEtleXQAC2IvaW1nMjkucG5ndAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC51bnJlYWRhYmxlc3IADmphdmEubGFuZy5Mb25nO4vkkMyPI98CAAFKAAV2YWx1ZXhyABBqYXZhLmxhbmcuTnVtYmVyhqyVHQuU4IsCAAB4cAAAAAAAAAAAdAAcaW1hZ2VSZWFkZXIuc2tpcHBlZC5leGNsdWRlZHEAfgAHdAARY3N2V3JpdGVyLndyaXR0ZW5zcQB+AAUAAAAAAAAAHnQAGmltYWdlUmVhZGVyLnNraXBwZWQuaGlkZGVucQB+AAd0ACBpbWFnZVJlYWRlci5za2lwcGVkLnN5bWxpbmtMb29wc3EAfgAHdAAXY3N2V3JpdGVyLmN1cnJlbnQuY291bnRzcQB+AAUAAAAAAAAX/3QADWJhdGNoLnZlcnNpb250AAU2LjAuNnQAEmltYWdlUmVhZGVyLmhhbmRlZHEAfgAKdAAOYmF0Y2guc3RlcFR5cGV0ADpvcmcuc3ByaW5nZnJhbWV3b3JrLmJhdGNoLmNvcmUuc3RlcC5pdGVtLkNodW5rT3JpZW50ZWRTdGVwdAAeaW1hZ2VSZWFkZXIuc2tpcHBlZC5vdGhlclR5cGVzcQB+AAd4', NULL);
INSERT INTO public.batch_step_execution_context VALUES (2, 'rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcAUH2sHDFmDRAwACRgAKbG9hZEZhY3RvckkACXRocmVzaG9sZHhwP0AAAAAAAAx3CAAAABAAAAADdAARYmF0Y2gudGFza2xldFR5cGV0AERpby5nZW1jYXAuam9iLkNhcHRpb25Kb2JDb25maWd1cmF0aW9uJCRMYW1iZGEkNzQyLzB4MDAwMDdmNjU1ODMzY2UzMHQADWJhdGNoLnZlcnNpb250AAU2LjAuNnQADmJhdGNoLnN0ZXBUeXBldAA3b3JnLnNwcmluZ2ZyYW1ld29yay5iYXRjaC5jb3JlLnN0ZXAudGFza2xldC5UYXNrbGV0U3RlcHg=', NULL);


--
-- Data for Name: gemcap_lease; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_ledger; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_ledger VALUES ('02face63fb127d0d7e89afe1b247bbebbe5411dfa7b2342d8e39e749445b3af0', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #00ff00 (fingerprint 02face63fb12).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 363, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('b74684a44694dcec7e0e89607d5a84c5af70ff785cb8c736518f8fa3dc653f66', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #08f706 (fingerprint b74684a44694).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 489, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('c0bf5946862c877a17a738e1d81e71cf38ca78fdfaf9cbca37f0f391ad676ce8', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #10ef0c (fingerprint c0bf5946862c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 571, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('cb360adbaf73986ac52b8c2e54561958a12dd310327224fee418e4fbd0233e21', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #18e712 (fingerprint cb360adbaf73).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 436, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('4dbc99ec272b61e5779ff425253c0b1e75b35be944e709be5f4b82a2a759d3bc', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #20df18 (fingerprint 4dbc99ec272b).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 639, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('7cf5823b49191ea18aaf888aaf2c1b9ea21e694307f1cf4834a513a190aeb34f', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #28d71e (fingerprint 7cf5823b4919).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 833, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('5ad004ea352341af162d0947102ec0999f8aa55b7ac7991ee08f54fcc6d8b786', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #30cf24 (fingerprint 5ad004ea3523).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 766, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('cc1e99f3394f2e2f775de12dbe98eb1649e1642d58ef82b06c07435324bd21a2', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #38c72a (fingerprint cc1e99f3394f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 235, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('0d52cc79b0cd02ee6cd61d63d8fdf614ace9cfc9c6eda54d6e2dabd30633b174', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #40bf30 (fingerprint 0d52cc79b0cd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('103ff1c9cdd0eb503cdb522565779ebd8f062a41314900816bf1f5636c5cc4d7', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #48b736 (fingerprint 103ff1c9cdd0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 18, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('e33e13eb98897ac3b6b054d4f3625f6d94662cba9af3f5db78d854c8993793f9', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #50af3c (fingerprint e33e13eb9889).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 638, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('7d56ae6839a066c4d3f1b6e98ada8bbbc6f00fa843d97b5b0e10da5a5c298ffc', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #58a742 (fingerprint 7d56ae6839a0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 171, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('3a72c5a8d8983da85282483876a9a5ce859ff46a38d92d40d5f9a34c819acaef', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #609f48 (fingerprint 3a72c5a8d898).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 299, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('6fe6f500ed9d023ba83acaf4064aaee59682e4dc4b2ef896ae412e4208da219c', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #68974e (fingerprint 6fe6f500ed9d).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 103, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('0335d9c6d4e17cf809bbaea9c038cb39e637229af2c913ab13ff7cd322a66280', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #708f54 (fingerprint 0335d9c6d4e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('1999b9dae9c084721bd60d45730022be65ec98c38e48ecfc050fa455e6e005b2', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #04fb03 (fingerprint 1999b9dae9c0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 30, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('119b0a219f2746c871c1c3729827f394a36145bd9c80c3a2656a1f4063e9ff0d', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #0cf309 (fingerprint 119b0a219f27).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('f34eb8580893f2a565498924b919e682b18edd9a9f684b6ee1572104e51188c0', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #14eb0f (fingerprint f34eb8580893).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 24, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('236ab967b6e10296b786551054a30514104169d8af8b7e32cee0e6952bbcf936', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #1ce315 (fingerprint 236ab967b6e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 9, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('dd5b0eaeb69c74c28edf3a4ccbdbc04a60355e4d144e28d4ceb6810cb6f03213', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #24db1b (fingerprint dd5b0eaeb69c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, '2026-12-02 11:32:27.02312', 'call');
INSERT INTO public.gemcap_ledger VALUES ('4132e9ae716c182927e2836cf2ab49313ba9c980a6c6f854303d31b39fdbc4b9', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #2cd321 (fingerprint 4132e9ae716c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('dd3410d641e04ca85929b4a80d3708a9c2c81368189d2cbad0e4e76090b2dcc5', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #34cb27 (fingerprint dd3410d641e0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('fb1bf7c945ba55d3b82ab082d19e2e9868491bbecaab16aa1b224b21b65f5b1f', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #3cc32d (fingerprint fb1bf7c945ba).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('9dc7866a6c0716ff261892d730792b5ef92bc7306562c21520f2e173ca9869e1', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #44bb33 (fingerprint 9dc7866a6c07).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('5f7105f8a7fdaf25e7e3de9babd99fdb25e805761ca601390f3643ac6b09576e', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #4cb339 (fingerprint 5f7105f8a7fd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 10, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('197304418629f3703acd67ce52a500868323918c415c055970873a4884021ad8', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #54ab3f (fingerprint 197304418629).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('e686823625764bb0f188e9f9df5a4a4f14a429984ef297369e512d4240407b28', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #5ca345 (fingerprint e68682362576).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 9, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('db8c1fe6ede602adc5d021134f9bd68065949d79f6fbf509a0fae6af0a282378', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #649b4b (fingerprint db8c1fe6ede6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('0f8d33de4dbeed0f28f98e1dca51cf99937a860b98440036af31ec0392413fb4', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #6c9351 (fingerprint 0f8d33de4dbe).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, '2026-12-02 11:32:27.567417', 'call');
INSERT INTO public.gemcap_ledger VALUES ('f92334a474ec1e916ba87c028c13789770fba472926d41fa381251f341a9697e', 'gemini-2.5-flash', 'e2ebbdfd7dd28763e14ee8cc9ed44775a38efe1735d904c34ee5e0adc4d10f5a', 'ok', 'A 16x16 PNG image, mostly #748b57 (fingerprint f92334a474ec).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 10, '2026-12-02 11:32:27.567417', 'call');


--
-- Data for Name: gemcap_object; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: gemcap_result; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img00.png', '02face63fb127d0d7e89afe1b247bbebbe5411dfa7b2342d8e39e749445b3af0', 'ok', 'A 16x16 PNG image, mostly #00ff00 (fingerprint 02face63fb12).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 363, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img02.png', 'b74684a44694dcec7e0e89607d5a84c5af70ff785cb8c736518f8fa3dc653f66', 'ok', 'A 16x16 PNG image, mostly #08f706 (fingerprint b74684a44694).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 489, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img04.png', 'c0bf5946862c877a17a738e1d81e71cf38ca78fdfaf9cbca37f0f391ad676ce8', 'ok', 'A 16x16 PNG image, mostly #10ef0c (fingerprint c0bf5946862c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 571, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img06.png', 'cb360adbaf73986ac52b8c2e54561958a12dd310327224fee418e4fbd0233e21', 'ok', 'A 16x16 PNG image, mostly #18e712 (fingerprint cb360adbaf73).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 436, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img08.png', '4dbc99ec272b61e5779ff425253c0b1e75b35be944e709be5f4b82a2a759d3bc', 'ok', 'A 16x16 PNG image, mostly #20df18 (fingerprint 4dbc99ec272b).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 639, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img10.png', '7cf5823b49191ea18aaf888aaf2c1b9ea21e694307f1cf4834a513a190aeb34f', 'ok', 'A 16x16 PNG image, mostly #28d71e (fingerprint 7cf5823b4919).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 833, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img12.png', '5ad004ea352341af162d0947102ec0999f8aa55b7ac7991ee08f54fcc6d8b786', 'ok', 'A 16x16 PNG image, mostly #30cf24 (fingerprint 5ad004ea3523).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 766, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img14.png', 'cc1e99f3394f2e2f775de12dbe98eb1649e1642d58ef82b06c07435324bd21a2', 'ok', 'A 16x16 PNG image, mostly #38c72a (fingerprint cc1e99f3394f).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 235, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img16.png', '0d52cc79b0cd02ee6cd61d63d8fdf614ace9cfc9c6eda54d6e2dabd30633b174', 'ok', 'A 16x16 PNG image, mostly #40bf30 (fingerprint 0d52cc79b0cd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img18.png', '103ff1c9cdd0eb503cdb522565779ebd8f062a41314900816bf1f5636c5cc4d7', 'ok', 'A 16x16 PNG image, mostly #48b736 (fingerprint 103ff1c9cdd0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 18, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img20.png', 'e33e13eb98897ac3b6b054d4f3625f6d94662cba9af3f5db78d854c8993793f9', 'ok', 'A 16x16 PNG image, mostly #50af3c (fingerprint e33e13eb9889).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 638, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img22.png', '7d56ae6839a066c4d3f1b6e98ada8bbbc6f00fa843d97b5b0e10da5a5c298ffc', 'ok', 'A 16x16 PNG image, mostly #58a742 (fingerprint 7d56ae6839a0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 171, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img24.png', '3a72c5a8d8983da85282483876a9a5ce859ff46a38d92d40d5f9a34c819acaef', 'ok', 'A 16x16 PNG image, mostly #609f48 (fingerprint 3a72c5a8d898).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 299, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img26.png', '6fe6f500ed9d023ba83acaf4064aaee59682e4dc4b2ef896ae412e4208da219c', 'ok', 'A 16x16 PNG image, mostly #68974e (fingerprint 6fe6f500ed9d).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 103, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'a/img28.png', '0335d9c6d4e17cf809bbaea9c038cb39e637229af2c913ab13ff7cd322a66280', 'ok', 'A 16x16 PNG image, mostly #708f54 (fingerprint 0335d9c6d4e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img01.png', '1999b9dae9c084721bd60d45730022be65ec98c38e48ecfc050fa455e6e005b2', 'ok', 'A 16x16 PNG image, mostly #04fb03 (fingerprint 1999b9dae9c0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 30, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img03.png', '119b0a219f2746c871c1c3729827f394a36145bd9c80c3a2656a1f4063e9ff0d', 'ok', 'A 16x16 PNG image, mostly #0cf309 (fingerprint 119b0a219f27).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img05.png', 'f34eb8580893f2a565498924b919e682b18edd9a9f684b6ee1572104e51188c0', 'ok', 'A 16x16 PNG image, mostly #14eb0f (fingerprint f34eb8580893).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 24, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img07.png', '236ab967b6e10296b786551054a30514104169d8af8b7e32cee0e6952bbcf936', 'ok', 'A 16x16 PNG image, mostly #1ce315 (fingerprint 236ab967b6e1).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 9, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img09.png', 'dd5b0eaeb69c74c28edf3a4ccbdbc04a60355e4d144e28d4ceb6810cb6f03213', 'ok', 'A 16x16 PNG image, mostly #24db1b (fingerprint dd5b0eaeb69c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img11.png', '4132e9ae716c182927e2836cf2ab49313ba9c980a6c6f854303d31b39fdbc4b9', 'ok', 'A 16x16 PNG image, mostly #2cd321 (fingerprint 4132e9ae716c).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img13.png', 'dd3410d641e04ca85929b4a80d3708a9c2c81368189d2cbad0e4e76090b2dcc5', 'ok', 'A 16x16 PNG image, mostly #34cb27 (fingerprint dd3410d641e0).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img15.png', 'fb1bf7c945ba55d3b82ab082d19e2e9868491bbecaab16aa1b224b21b65f5b1f', 'ok', 'A 16x16 PNG image, mostly #3cc32d (fingerprint fb1bf7c945ba).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img17.png', '9dc7866a6c0716ff261892d730792b5ef92bc7306562c21520f2e173ca9869e1', 'ok', 'A 16x16 PNG image, mostly #44bb33 (fingerprint 9dc7866a6c07).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 11, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img19.png', '5f7105f8a7fdaf25e7e3de9babd99fdb25e805761ca601390f3643ac6b09576e', 'ok', 'A 16x16 PNG image, mostly #4cb339 (fingerprint 5f7105f8a7fd).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 10, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img21.png', '197304418629f3703acd67ce52a500868323918c415c055970873a4884021ad8', 'ok', 'A 16x16 PNG image, mostly #54ab3f (fingerprint 197304418629).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 14, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img23.png', 'e686823625764bb0f188e9f9df5a4a4f14a429984ef297369e512d4240407b28', 'ok', 'A 16x16 PNG image, mostly #5ca345 (fingerprint e68682362576).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 9, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img25.png', 'db8c1fe6ede602adc5d021134f9bd68065949d79f6fbf509a0fae6af0a282378', 'ok', 'A 16x16 PNG image, mostly #649b4b (fingerprint db8c1fe6ede6).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img27.png', '0f8d33de4dbeed0f28f98e1dca51cf99937a860b98440036af31ec0392413fb4', 'ok', 'A 16x16 PNG image, mostly #6c9351 (fingerprint 0f8d33de4dbe).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 12, 'call');
INSERT INTO public.gemcap_result VALUES (1, 1, 'b/img29.png', 'f92334a474ec1e916ba87c028c13789770fba472926d41fa381251f341a9697e', 'ok', 'A 16x16 PNG image, mostly #748b57 (fingerprint f92334a474ec).', NULL, 'STOP', 'image/png', 16, 16, 'gemini-2.5-flash', 295, 16, NULL, 10, 'call');


--
-- Data for Name: gemcap_run; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.gemcap_run VALUES (1, 1, '28a683683ca949ad689b16653ff94934ff8ea948fe05b3496c13cc2a97098393', '/tmp/gemcap-release-0.1.0-pg-fixture/photos', '/tmp/gemcap-release-0.1.0-pg-fixture/out/captions.csv', 1, 'vm', 20751, '2026-12-02 11:32:25.228137');


--
-- Name: batch_job_execution_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_job_execution_seq', 1, true);


--
-- Name: batch_job_instance_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_job_instance_seq', 1, true);


--
-- Name: batch_step_execution_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.batch_step_execution_seq', 2, true);


--
-- Name: batch_job_execution_context batch_job_execution_context_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_context
    ADD CONSTRAINT batch_job_execution_context_pkey PRIMARY KEY (job_execution_id);


--
-- Name: batch_job_execution batch_job_execution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution
    ADD CONSTRAINT batch_job_execution_pkey PRIMARY KEY (job_execution_id);


--
-- Name: batch_job_instance batch_job_instance_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_instance
    ADD CONSTRAINT batch_job_instance_pkey PRIMARY KEY (job_instance_id);


--
-- Name: batch_step_execution_context batch_step_execution_context_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution_context
    ADD CONSTRAINT batch_step_execution_context_pkey PRIMARY KEY (step_execution_id);


--
-- Name: batch_step_execution batch_step_execution_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution
    ADD CONSTRAINT batch_step_execution_pkey PRIMARY KEY (step_execution_id);


--
-- Name: gemcap_lease gemcap_lease_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_lease
    ADD CONSTRAINT gemcap_lease_pkey PRIMARY KEY (job_key);


--
-- Name: gemcap_ledger gemcap_ledger_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_ledger
    ADD CONSTRAINT gemcap_ledger_pkey PRIMARY KEY (sha256, model, prompt_sha256);


--
-- Name: gemcap_object gemcap_object_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_object
    ADD CONSTRAINT gemcap_object_pkey PRIMARY KEY (location);


--
-- Name: gemcap_result gemcap_result_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_result
    ADD CONSTRAINT gemcap_result_pkey PRIMARY KEY (job_instance_id, path);


--
-- Name: gemcap_run gemcap_run_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.gemcap_run
    ADD CONSTRAINT gemcap_run_pkey PRIMARY KEY (job_execution_id);


--
-- Name: batch_job_instance job_inst_un; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_instance
    ADD CONSTRAINT job_inst_un UNIQUE (job_name, job_key);


--
-- Name: gemcap_run_job_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX gemcap_run_job_key ON public.gemcap_run USING btree (job_key);


--
-- Name: batch_job_execution_context job_exec_ctx_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_context
    ADD CONSTRAINT job_exec_ctx_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_job_execution_params job_exec_params_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution_params
    ADD CONSTRAINT job_exec_params_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_step_execution job_exec_step_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution
    ADD CONSTRAINT job_exec_step_fk FOREIGN KEY (job_execution_id) REFERENCES public.batch_job_execution(job_execution_id);


--
-- Name: batch_job_execution job_inst_exec_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_job_execution
    ADD CONSTRAINT job_inst_exec_fk FOREIGN KEY (job_instance_id) REFERENCES public.batch_job_instance(job_instance_id);


--
-- Name: batch_step_execution_context step_exec_ctx_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.batch_step_execution_context
    ADD CONSTRAINT step_exec_ctx_fk FOREIGN KEY (step_execution_id) REFERENCES public.batch_step_execution(step_execution_id);


--
-- PostgreSQL database dump complete
--



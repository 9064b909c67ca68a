-- Staff language preference: BCP 47 tag of a shipped UI language (en, zh-CN, et);
-- NULL = the browser's choice (lang cookie, then Accept-Language). Staff e-mails use it (fallback en).
ALTER TABLE users ADD COLUMN language TEXT;

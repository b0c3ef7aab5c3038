-- Name search inside a subtree: a token's entries in org-path order, so "name contains 张 within
-- 日照市" reads the city's range of the token's key (in the roster's default order: org, name)
-- instead of walking the token's entries for the whole province and keeping the city's. The
-- index carries name and cadre_id too, so the search reads nothing else.
CREATE INDEX cadre_name_tokens_path ON cadre_name_tokens (token, org_path, name, cadre_id);

/** The id of the element showing a case's article (the browser reads the article back from it).
 * Upper-case, so no heading id (lower-case slugs) can be the same. */
export const CASE_ARTICLE_ID = 'CaseArticle';

/** The id of the element showing a case's article (the browser reads the article back from it). */
export const CASE_ARTICLE_ID = 'case-article';

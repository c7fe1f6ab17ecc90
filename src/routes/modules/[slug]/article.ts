/** The id of the element showing a module's article (the browser reads the article back from it). */
export const MODULE_ARTICLE_ID = 'module-article';

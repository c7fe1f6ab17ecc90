/** The id of the element showing a module's article (the browser reads the article back from it).
 * Upper-case, so no heading id (lower-case slugs) can be the same. */
export const MODULE_ARTICLE_ID = 'ModuleArticle';

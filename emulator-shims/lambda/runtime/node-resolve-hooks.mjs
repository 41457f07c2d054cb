// Module resolution hooks for a Node.js function instance (registered by node-bootstrap.mjs before the
// handler loads), so ES module imports find what Lambda's Node.js runtimes give them: packages in the
// function's layers and the runtime's AWS SDK (the NODE_PATH folders, which `import` ignores by itself),
// and nothing from folders above the function's code that Lambda would not have (a project's node_modules).
import { sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let searchPaths = [];
let userRoots = [];
let allowedRoots = [];

export function initialize(data) {
  searchPaths = data.searchPaths;
  userRoots = data.userRoots;
  allowedRoots = data.allowedRoots;
}

const within = (path, roots) => roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
const isBare = (specifier) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);

function notFound(specifier, parentURL) {
  const error = new Error(`Cannot find package '${specifier}' imported from ${parentURL ? fileURLToPath(parentURL) : 'the handler'}`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}

export async function resolve(specifier, context, nextResolve) {
  const fromUser = context.parentURL?.startsWith('file:') && within(fileURLToPath(context.parentURL), userRoots);
  if (!fromUser || !isBare(specifier)) return nextResolve(specifier, context);
  try {
    const found = await nextResolve(specifier, context);
    // Found by walking up past the function's folders: a package Lambda would not see.
    if (!found.url.startsWith('file:') || within(fileURLToPath(found.url), allowedRoots)) return found;
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  for (const folder of searchPaths) {
    // Resolved as if imported from a file beside the folder, whose node_modules it is.
    const parentURL = pathToFileURL(`${folder.replace(/[\\/]node_modules[\\/]?$/, '')}${sep}__hosepipe_resolve__.mjs`).href;
    try {
      const found = await nextResolve(specifier, { ...context, parentURL });
      if (!found.url.startsWith('file:') || within(fileURLToPath(found.url), allowedRoots)) return found;
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  throw notFound(specifier, context.parentURL);
}

/**
 * npm must not see the variables pnpm sets for its own children, and the consumer project must not see the
 * workspace's modules through pnpm's NODE_PATH (a dependency missing from the project would go unnoticed).
 */
export function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'NODE_PATH' && !/^npm_(command|execpath|node_execpath|lifecycle_|package_|config_user_agent|config_verify_deps)/i.test(key),
    ),
  );
}

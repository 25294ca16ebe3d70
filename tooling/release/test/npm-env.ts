/** npm must not see the variables pnpm sets for its own children. */
export function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_(command|execpath|node_execpath|lifecycle_|package_|config_user_agent|config_verify_deps)/i.test(key),
    ),
  );
}

/**
 * The WeCom apps the tests configure: the self-built app uses the protocol file's set B token and
 * key (§2), so what the fake sends is checked with published values; the AI bot has its own pair.
 */
export const TEST_APP = {
  corpId: "ww1436e0e65a779aee",
  agentId: 1000002,
  secret: "app-secret",
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
  path: "/wecom/callback",
};

export const TEST_AIBOT = {
  token: "aibotToken123",
  aesKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
  path: "/wecom/aibot",
};

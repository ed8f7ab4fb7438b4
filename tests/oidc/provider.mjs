// A real OpenID Connect provider for wikitrack's single sign-on tests (tests/test_web_oidc.py):
// npm's oidc-provider with its development login screens, two test accounts and one client.
//   node provider.mjs PORT REDIRECT_URI POST_LOGOUT_URI BACKCHANNEL_LOGOUT_URI
// Listens on 127.0.0.1 only and prints "ready" when it does. Any password is accepted.
import Provider from 'oidc-provider';

const [port, redirectUri, postLogoutUri, backchannelUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// accountId (the login typed on the development screen) -> claims
const accounts = {
  jsmit: { email: 'j.smit@almere.example', email_verified: true, groups: ['beleid'] },
  avries: { email: 'a.devries@almere.example', email_verified: true, groups: ['redactie'] },
  onbekend: { email: 'iemand@almere.example', email_verified: true, groups: [] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'wikitrack',
    client_secret: 'test-client-secret-not-for-production',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    backchannel_logout_uri: backchannelUri,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: `sub-${id}`, ...claims }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
  conformIdTokenClaims: false, // the scope's claims in the ID token, as Entra ID sends them
  cookies: { keys: ['only-for-tests-only-for-tests'] },
  pkce: { required: () => true },
  // Its guard against requests to special-use addresses would stop the back-channel logout
  // to our test site, which is on 127.0.0.1 like everything in these tests.
  fetch: (url, options) => {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    backchannelLogout: { enabled: true }, // a sign-out at the provider ends ours too
  },
});
provider.proxy = false;
for (const event of ['backchannel.success', 'backchannel.error', 'end_session.error', 'server_error']) {
  provider.on(event, (...args) => console.error(event, ...args.slice(1).map(String)));
}
provider.listen(Number(port), '127.0.0.1', () => console.log('ready'));

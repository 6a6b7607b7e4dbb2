// next-auth v5: username/password (credentials provider) with a JWT session in an httpOnly, SameSite=Lax
// cookie (next-auth's defaults; Secure when served over https). The rate limit and password check live in
// services/auth/verify-sign-in.ts; this file only adapts them to next-auth.
import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getConfig } from "../config";
import { getLogger } from "../log";
import { getDb } from "../db/client";
import { isAppError } from "../errors";
import { clientAddressFrom } from "./client-address";
import { getSignInLimiter } from "./sign-in-limiter";
import { verifySignIn } from "../services/auth/verify-sign-in";

/** Session lifetime: a working day. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** Thrown from authorize() when the limiter refuses; `code` carries the wait ("rate_limited:<seconds>"). */
class RateLimitedSignIn extends CredentialsSignin {
  constructor(retryAfterSeconds: number) {
    super();
    this.code = `rate_limited:${retryAfterSeconds}`;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  const log = getLogger().child({ component: "auth" });
  return {
    secret: config.authSecret,
    trustHost: config.authTrustHost,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const username = typeof credentials?.username === "string" ? credentials.username : "";
          const password = typeof credentials?.password === "string" ? credentials.password : "";
          try {
            const user = await verifySignIn(getDb(), log, getSignInLimiter(), {
              username,
              password,
              address: clientAddressFrom(request.headers),
            });
            return { id: user.id, name: user.username };
          } catch (error) {
            if (isAppError(error) && error.kind === "TooManyRequests") {
              const seconds = Number(/in (\d+) seconds/.exec(error.message)?.[1] ?? 60);
              throw new RateLimitedSignIn(seconds);
            }
            if (isAppError(error) && error.kind === "Unauthorized") return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      error(error) {
        // Bad credentials are expected and already audited by verifySignIn.
        if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
        log.error({ err: error }, "auth error");
      },
      warn(code) {
        log.warn({ code }, "auth warning");
      },
      debug(message, metadata) {
        log.debug({ metadata }, message);
      },
    },
  };
});

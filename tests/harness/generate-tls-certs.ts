// A throwaway PKI for dockerd's TLS mode (docs: "Protect the Docker daemon socket"): a CA, a server cert for
// 127.0.0.1/localhost (extendedKeyUsage serverAuth) and a client cert (clientAuth), all ECDSA P-256, made with
// the openssl binary. File names follow the docker CLI's DOCKER_CERT_PATH layout (ca.pem, cert.pem, key.pem).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runChecked } from "./run-command.js";

export interface TlsFiles {
  /** Directory usable as DOCKER_CERT_PATH (holds ca.pem, cert.pem, key.pem for the client). */
  certDir: string;
  ca: string;
  /** Client certificate and key. */
  cert: string;
  key: string;
  serverCert: string;
  serverKey: string;
}

export async function generateTlsCerts(dir: string): Promise<TlsFiles> {
  const p = (n: string) => join(dir, n);
  const ossl = (args: string[]) => runChecked("openssl", args);
  const days = ["-days", "2"];
  await ossl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", p("ca-key.pem")]);
  await ossl(["req", "-x509", "-new", "-key", p("ca-key.pem"), "-subj", "/CN=wharf-harness-ca", ...days, "-out", p("ca.pem")]);

  const issue = async (name: string, cn: string, ext: string) => {
    writeFileSync(p(`${name}.ext`), ext);
    await ossl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", p(`${name}-key-ec.pem`)]);
    // PKCS#8 key: accepted by Go's crypto/tls (dockerd) and the docker CLI alike.
    await ossl(["pkcs8", "-topk8", "-nocrypt", "-in", p(`${name}-key-ec.pem`), "-out", p(`${name}-key.pem`)]);
    await ossl(["req", "-new", "-key", p(`${name}-key.pem`), "-subj", `/CN=${cn}`, "-out", p(`${name}.csr`)]);
    await ossl([
      "x509", "-req", "-in", p(`${name}.csr`), "-CA", p("ca.pem"), "-CAkey", p("ca-key.pem"), "-CAcreateserial",
      ...days, "-extfile", p(`${name}.ext`), "-out", p(`${name}-cert.pem`),
    ]);
  };
  await issue("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  await issue("client", "wharf-harness-client", "extendedKeyUsage=clientAuth\n");
  // The docker CLI reads exactly these names from DOCKER_CERT_PATH.
  await ossl(["x509", "-in", p("client-cert.pem"), "-out", p("cert.pem")]);
  await ossl(["pkey", "-in", p("client-key.pem"), "-out", p("key.pem")]);
  return {
    certDir: dir,
    ca: p("ca.pem"),
    cert: p("cert.pem"),
    key: p("key.pem"),
    serverCert: p("server-cert.pem"),
    serverKey: p("server-key.pem"),
  };
}

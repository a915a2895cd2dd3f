package com.beatgen.functions;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's TLS client made ready before the first connection needs it: a TLS context built and a ClientHello written
 * into memory, with no peer. That is most of what TLS adds to a cold JVM's first database connection (the JSSE
 * provider, its protocol and cipher-suite tables, the key shares' elliptic-curve code): about 200 of its 240 ms in a
 * plain JVM with the runtime's flags. What remains for the connection is the handshake itself.
 *
 * <p>Run by an on-demand INIT's main thread, which otherwise waits while the warm-up thread connects
 * ({@link InitWarmup}), when the database URL requires TLS; everything it builds is the JDK's shared state, which the
 * driver's own context then finds initialised. Nothing is sent and no certificate is trusted.
 */
public final class TlsWarmup {

    private TlsWarmup() {
    }

    /** Writes a ClientHello for nobody; returns its TLS record (for the test). */
    public static ByteBuffer clientHello() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustNothing()}, null);
            SSLEngine engine = context.createSSLEngine("warm-up.invalid", 3306);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), record);
            engine.closeOutbound();
            return record.flip();
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS warm-up failed: " + e.getMessage(), e);
        }
    }

    /** No peer is ever met: any certificate shown would be refused. */
    private static final class TrustNothing implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the TLS warm-up trusts no peer");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the TLS warm-up trusts no peer");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

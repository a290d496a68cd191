package dev.pipit.testkit.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a broker certificate it signed for {@code 127.0.0.1}, made in memory with
 * BouncyCastle (the JDK has no public certificate builder; {@code keytool} would cost seven JVM starts). The broker
 * reads a PKCS12 key store; a client trusts the CA through its PEM, as a user's {@code KAFKA_SSL_CA_PEM} does.
 */
final class TestCertificates {
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final String caPem;
    private final PrivateKey brokerKey;
    private final X509Certificate[] brokerChain;

    private TestCertificates(String caPem, PrivateKey brokerKey, X509Certificate[] brokerChain) {
        this.caPem = caPem;
        this.brokerKey = brokerKey;
        this.brokerChain = brokerChain;
    }

    static TestCertificates create() throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair ca = generator.generateKeyPair();
        KeyPair broker = generator.generateKeyPair();
        X500Name caName = new X500Name("CN=Pipit test CA");
        X509v3CertificateBuilder caBuilder = builder(caName, caName, ca, 1)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCertificate = sign(caBuilder, ca.getPrivate());
        X509v3CertificateBuilder brokerBuilder = builder(caName, new X500Name("CN=127.0.0.1"), broker, 2)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                // Clients check the address they dialled against the certificate's names.
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate brokerCertificate = sign(brokerBuilder, ca.getPrivate());
        return new TestCertificates(pem(caCertificate), broker.getPrivate(),
                new X509Certificate[] {brokerCertificate, caCertificate});
    }

    /** The CA's certificate in PEM, what {@code KAFKA_SSL_CA_PEM} holds. */
    String caPem() {
        return caPem;
    }

    /** Writes the broker's key and certificate chain as a PKCS12 key store protected by {@code password}. */
    void writeBrokerKeyStore(Path file, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("broker", brokerKey, password.toCharArray(), brokerChain);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys,
            long serial) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
    }

    private static String pem(Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}

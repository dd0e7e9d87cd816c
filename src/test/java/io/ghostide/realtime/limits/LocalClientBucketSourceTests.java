package io.ghostide.realtime.limits;

/** The bucket contract in this process ({@code local} mode). */
class LocalClientBucketSourceTests extends ClientBucketSourceContractTests {

    @Override
    protected ClientBucketSource createSource() {
        return new LocalClientBucketSource();
    }
}

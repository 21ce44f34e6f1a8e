order-processing = ⏳ Order { $reference }: { $product } for { $target } is being processed.
order-success = ✅ Order { $reference }: { $product } for { $target } is done.
order-serial = Serial number / token: { $serial }
order-failed = ❌ Order { $reference }: { $product } for { $target } failed. { $price } is back in your wallet.
order-refunded = ↩️ Order { $reference }: the provider reversed { $product } for { $target }. { $price } is back in your wallet.
alert-refunded = ⚠️ Admin: order { $reference } ({ $provider }) was reversed by the provider after success; the customer got { $price } back.
alert-review = ⚠️ Admin: order { $reference } ({ $provider }) is still unknown after the deadline and needs review.
alert-success-after-refund = ⚠️ Admin: the provider reports order { $reference } ({ $provider }) delivered, but it was already refunded ({ $price }).

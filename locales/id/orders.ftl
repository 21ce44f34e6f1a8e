order-processing = ⏳ Pesanan { $reference }: { $product } untuk { $target } sedang diproses.
order-success = ✅ Pesanan { $reference }: { $product } untuk { $target } berhasil.
order-serial = Nomor seri / token: { $serial }
order-failed = ❌ Pesanan { $reference }: { $product } untuk { $target } gagal. { $price } sudah kembali ke dompet Anda.
order-refunded = ↩️ Pesanan { $reference }: penyedia membatalkan { $product } untuk { $target }. { $price } sudah kembali ke dompet Anda.
alert-refunded = ⚠️ Admin: pesanan { $reference } ({ $provider }) dibatalkan penyedia setelah berhasil; pelanggan menerima { $price } kembali.
alert-review = ⚠️ Admin: pesanan { $reference } ({ $provider }) masih belum pasti setelah batas waktu dan perlu ditinjau.
alert-success-after-refund = ⚠️ Admin: penyedia melaporkan pesanan { $reference } ({ $provider }) berhasil, padahal sudah dikembalikan ({ $price }).

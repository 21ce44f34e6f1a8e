# Isi saldo dompet (deposit QRIS).

menu-topup = ➕ Isi saldo
topup-choose = Berapa yang ingin Anda tambahkan ke dompet? Pilih jumlah atau ketuk <b>Jumlah lain</b> (dari { $min } sampai { $max }).
topup-other = ✏️ Jumlah lain
topup-ask-amount = Ketik jumlah yang ingin ditambahkan, mis. <i>50000</i> atau <i>50k</i> (dari { $min } sampai { $max }).
topup-not-understood = Jumlah itu tidak dapat dibaca. Ketik angka seperti <i>50000</i>, atau /cancel.
topup-out-of-range = Jumlah harus dari <b>{ $min }</b> sampai <b>{ $max }</b>. Silakan ketik jumlah lain.
topup-unavailable = Isi saldo sedang tidak tersedia. Silakan coba lagi nanti.
topup-caption = Pindai kode QRIS ini dengan aplikasi bank atau dompet digital apa pun.
    Bayar tepat: <b>{ $total }</b>
    Dompet Anda menerima: { $amount }
    Biaya: { $fee }
    Bayar sebelum: { $expires }
topup-already-open = Anda masih punya isi saldo terbuka sebesar <b>{ $amount }</b> yang harus dibayar sebelum { $expires }. Bayar dengan kode QR di atas, atau batalkan dulu.
topup-button-cancel = ✖️ Batalkan isi saldo
topup-cancelled = Isi saldo Anda dibatalkan. Tidak ada yang ditagih.
topup-cancel-too-late = Isi saldo ini tidak dapat dibatalkan lagi.

deposit-qr-paid = Lunas: { $amount } telah ditambahkan ke dompet Anda. Kode ini sudah ditutup.
deposit-paid = ✅ { $amount } ditambahkan ke dompet Anda. Saldo Anda sekarang { $balance }.
deposit-qr-expired = Kedaluwarsa: kode untuk { $amount } ini tidak dapat dibayar lagi.
deposit-expired = Isi saldo Anda sebesar { $amount } kedaluwarsa sebelum dibayar. Tidak ada yang ditagih; Anda dapat memulai yang baru dari menu.
deposit-qr-cancelled = Dibatalkan: kode untuk { $amount } ini tidak dapat dibayar lagi.
deposit-cancelled = Isi saldo Anda sebesar { $amount } dibatalkan. Tidak ada yang ditagih.

alert-deposit-paid-late = ⚠️ Admin: deposit { $reference } ({ $provider }) milik pengguna { $user } dibayar setelah ditutup ({ $state }); { $received } dikreditkan ke dompet.
alert-deposit-amount-differs = ⚠️ Admin: deposit { $reference } ({ $provider }) milik pengguna { $user } seharusnya { $amount } tetapi diterima { $received } dan dikreditkan.

topup-cancel-failed = Isi saldo belum dapat dibatalkan saat ini. Silakan coba lagi sebentar lagi.
topup-history-button = 🧾 Riwayat isi saldo
topup-history-title = <b>Isi saldo Anda</b> (terbaru dulu):
topup-history-none = Anda belum pernah mengisi saldo.
topup-history-item = { $date } · { $amount } · { $state }
topup-state-pending = ⏳ menunggu pembayaran
topup-state-paid = ✅ masuk ke dompet Anda
topup-state-expired = ⌛ kedaluwarsa
topup-state-cancelled = ✖️ dibatalkan
topup-state-failed = ⚠️ tidak dibuka

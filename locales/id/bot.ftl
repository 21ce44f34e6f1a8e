welcome = Selamat datang di toko! Saldo dompet Anda <b>{ $balance }</b>.
    Apa yang ingin Anda lakukan? Anda juga bisa mengetik sebagian nama produk untuk mencari.
help = <b>Cara membeli</b>
    Ketuk <b>Beli</b>, pilih kategori, merek atau game, lalu produk, kemudian kirim nomor atau ID pemain yang diminta. Anda melihat ringkasan beserta harga sebelum ada saldo yang terpotong.
    Anda juga bisa mengetik sebagian nama produk, misalnya <i>diamonds</i>.

    /start – saldo dan menu
    /orders – pesanan Anda
    /balance – saldo dompet Anda
    /language – ganti bahasa
    /cancel – batalkan langkah saat ini
    /help – bantuan ini
balance = Saldo dompet Anda <b>{ $balance }</b>.
language-choose = Pilih bahasa Anda:
language-set = Bahasa diganti ke Bahasa Indonesia.
cancelled = Dibatalkan. Apa yang ingin Anda lakukan?
send-text = Silakan kirim teks, atau gunakan tombol.
unknown-command = Perintah itu tidak dikenal. Ini menunya:
use-buttons = Silakan gunakan tombol di atas, atau /cancel untuk mulai lagi.
button-stale = Tombol ini sudah tidak berlaku.
error-generic = Terjadi kesalahan di sistem kami. Silakan coba lagi sebentar lagi.

menu-buy = 🛒 Beli
menu-orders = 📦 Pesanan saya
menu-balance = 💰 Saldo
menu-language = 🌐 Bahasa
menu-help = ❓ Bantuan
button-menu = Menu
button-back = « Kembali
button-cancel = ✖ Batal
button-retry = ↻ Coba lagi
button-confirm = ✔ Konfirmasi

category-game = Game
category-pulsa = Pulsa
category-data = Paket data
category-pln = Listrik PLN
category-postpaid = Tagihan pascabayar
category-voucher = Voucher
category-flexiload = Flexiload (Bangladesh)
category-other = Lainnya
choose-category = Pilih kategori:
choose-brand = <b>{ $category }</b>: pilih merek atau game.
choose-product = <b>{ $brand }</b>: pilih produk.
catalog-empty = Belum ada produk yang dijual. Silakan kembali nanti.
price-on-request = harga saat checkout
product-gone = Produk ini sudah tidak tersedia. Silakan pilih produk lain.

search-too-short = Ketik minimal dua huruf nama produk untuk mencari.
search-none = Tidak ada hasil untuk “{ $query }”. Coba kata lain, atau jelajahi lewat Beli.
search-results = Produk yang cocok dengan “{ $query }” ({ $count }):

product-header = <b>{ $product }</b>
    Harga: { $price }
prompt-phone-id = Kirim nomor HP Indonesia yang akan diisi, misalnya 081234567890.
prompt-phone-bd = Kirim nomor HP Bangladesh yang akan diisi, misalnya 01712345678.
prompt-player = Kirim { $label } pemain.
prompt-player-zone = Kirim { $label } dan { $zone } pemain, misalnya 12345678 (2001).
prompt-zone = Sekarang kirim { $zone }.
prompt-server = Pilih { $server }:
prompt-meter = Kirim nomor meter PLN (11 digit) atau ID pelanggan (12 digit).
prompt-customer-number = Kirim nomor pelanggan yang tertera di tagihan.
prompt-amount = Berapa? Kirim jumlah bulat minimal { $min }.
prompt-amount-range = Berapa? Kirim jumlah bulat dari { $min } sampai { $max }.
try-again = Silakan coba lagi.

input-phone-id = Itu bukan nomor HP Indonesia. Nomor diawali 08, 628 atau +628 dan terdiri dari 10 sampai 13 digit, misalnya 081234567890.
input-phone-bd = Itu bukan nomor HP Bangladesh. Nomor diawali 01 atau +8801 dan terdiri dari 11 digit tanpa kode negara, misalnya 01712345678.
input-player-id = Itu tidak tampak seperti ID pemain: gunakan hanya huruf dan angka (maksimal 32).
input-zone = Itu tidak tampak seperti ID zona atau server: gunakan hanya huruf dan angka (maksimal 16).
input-meter = Nomor meter PLN terdiri dari 11 digit dan ID pelanggan 12 digit.
input-customer-number = Nomor pelanggan terdiri dari 6 sampai 20 digit.
input-amount = Silakan kirim bilangan bulat, misalnya 50.
input-amount-low = Jumlah terkecil adalah { $min }.
input-amount-high = Jumlah terbesar adalah { $max }.

check-invalid = Akun ini tidak ditemukan. Periksa kembali yang Anda ketik.
check-no-bill = Tidak ada tagihan yang belum dibayar untuk nomor ini.
check-unavailable = Kami belum bisa memeriksanya sekarang. Coba lagi, atau batalkan.
check-running = Masih kami periksa — mohon tunggu sebentar.

summary-title = <b>Periksa pesanan Anda</b>
summary-product = Produk: <b>{ $product }</b>
summary-target = { $label }: <code>{ $target }</code>
summary-name = Nama: <b>{ $name }</b>
summary-bill-period = Periode tagihan: { $period }
summary-bill-total = Tagihan: { $amount }
summary-amount = Jumlah: { $amount }
summary-price = Harga: <b>{ $price }</b>
summary-balance-after = Saldo: { $balance } → setelah pesanan ini: <b>{ $after }</b>
summary-insufficient = Saldo: { $balance }. ⚠ Saldo tidak cukup: kurang <b>{ $missing }</b>. Silakan isi saldo dompet Anda dulu.
label-phone = Nomor
label-player = Pemain
label-meter = Meter
label-customer-number = Nomor pelanggan
price-changed = ⚠ Harga berubah dari { $old } menjadi <b>{ $new }</b>. Silakan konfirmasi lagi.

orders-none = Anda belum punya pesanan.
orders-title = <b>Pesanan Anda</b>, terbaru di atas. Ketuk salah satu untuk detailnya.
order-not-found = Pesanan itu tidak ditemukan.
order-created-at = Dipesan pada { $date }
order-already-placed = Pesanan ini sudah dibuat.
order-insufficient = ⚠ Saldo tidak cukup: kurang <b>{ $missing }</b>. Tidak ada yang terpotong.
order-state-processing = ⏳
order-state-success = ✅
order-state-failed = ❌
order-state-refunded = ↩️

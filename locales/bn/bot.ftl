welcome = শপে স্বাগতম! আপনার ওয়ালেট ব্যালেন্স <b>{ $balance }</b>।
    আপনি কী করতে চান? কোনো পণ্য খুঁজতে তার নামের কিছু অংশ লিখেও পাঠাতে পারেন।
help = <b>কীভাবে কিনবেন</b>
    <b>কিনুন</b> চাপুন, একটি ক্যাটাগরি, ব্র্যান্ড বা গেম এবং একটি পণ্য বেছে নিন, তারপর যে নম্বর বা প্লেয়ার আইডি চাওয়া হবে তা পাঠান। কোনো টাকা কাটার আগে আপনি দামসহ একটি সারসংক্ষেপ দেখতে পাবেন।
    পণ্যের নামের কিছু অংশ লিখেও খুঁজতে পারেন, যেমন <i>diamonds</i>।

    /start – ব্যালেন্স ও মেনু
    /orders – আপনার অর্ডারগুলো
    /balance – আপনার ওয়ালেট ব্যালেন্স
    /language – ভাষা পরিবর্তন
    /cancel – চলমান কাজ বাতিল
    /help – এই সাহায্য
balance = আপনার ওয়ালেট ব্যালেন্স <b>{ $balance }</b>।
language-choose = আপনার ভাষা বেছে নিন:
language-set = ভাষা বাংলায় পরিবর্তন করা হয়েছে।
cancelled = বাতিল করা হয়েছে। আপনি কী করতে চান?
send-text = অনুগ্রহ করে লেখা পাঠান, অথবা বোতামগুলো ব্যবহার করুন।
unknown-command = এই কমান্ডটি আমি চিনি না। এই নিন মেনু:
use-buttons = অনুগ্রহ করে ওপরের বোতামগুলো ব্যবহার করুন, অথবা নতুন করে শুরু করতে /cancel পাঠান।
button-stale = এই বোতামটি আর সক্রিয় নেই।
error-generic = আমাদের দিকে একটি সমস্যা হয়েছে। অনুগ্রহ করে একটু পরে আবার চেষ্টা করুন।

menu-buy = 🛒 কিনুন
menu-orders = 📦 আমার অর্ডার
menu-balance = 💰 ব্যালেন্স
menu-language = 🌐 ভাষা
menu-help = ❓ সাহায্য
button-menu = মেনু
button-back = « ফিরে যান
button-cancel = ✖ বাতিল
button-retry = ↻ আবার চেষ্টা করুন
button-confirm = ✔ নিশ্চিত করুন

category-game = গেম
category-pulsa = মোবাইল রিচার্জ
category-data = ডেটা প্যাক
category-pln = PLN বিদ্যুৎ
category-postpaid = পোস্টপেইড বিল
category-voucher = ভাউচার
category-flexiload = Flexiload (বাংলাদেশ)
category-other = অন্যান্য
choose-category = একটি ক্যাটাগরি বেছে নিন:
choose-brand = <b>{ $category }</b>: একটি ব্র্যান্ড বা গেম বেছে নিন।
choose-product = <b>{ $brand }</b>: একটি পণ্য বেছে নিন।
catalog-empty = এই মুহূর্তে বিক্রির জন্য কিছু নেই। অনুগ্রহ করে পরে আবার আসুন।
price-on-request = দাম চেকআউটে
product-gone = এই পণ্যটি আর পাওয়া যাচ্ছে না। অনুগ্রহ করে অন্য একটি বেছে নিন।

search-too-short = খুঁজতে পণ্যের নামের অন্তত দুটি অক্ষর লিখুন।
search-none = “{ $query }”-এর জন্য কিছু পাওয়া যায়নি। অন্য শব্দ দিয়ে চেষ্টা করুন, অথবা কিনুন থেকে ব্রাউজ করুন।
search-results = “{ $query }”-এর সাথে মেলে এমন পণ্য ({ $count }):

product-header = <b>{ $product }</b>
    দাম: { $price }
prompt-phone-id = যে ইন্দোনেশিয়ান মোবাইল নম্বরে টপ-আপ করবেন সেটি পাঠান, যেমন 081234567890।
prompt-phone-bd = যে বাংলাদেশি মোবাইল নম্বরে রিচার্জ করবেন সেটি পাঠান, যেমন 01712345678।
prompt-player = প্লেয়ারের { $label } পাঠান।
prompt-player-zone = প্লেয়ারের { $label } এবং { $zone } পাঠান, যেমন 12345678 (2001)।
prompt-zone = এবার { $zone } পাঠান।
prompt-server = { $server } বেছে নিন:
prompt-meter = PLN মিটার নম্বর (11 অঙ্ক) অথবা গ্রাহক আইডি (12 অঙ্ক) পাঠান।
prompt-customer-number = বিলে লেখা গ্রাহক নম্বরটি পাঠান।
prompt-amount = কত? অন্তত { $min }, পূর্ণসংখ্যায় পরিমাণটি পাঠান।
prompt-amount-range = কত? { $min } থেকে { $max }-এর মধ্যে, পূর্ণসংখ্যায় পরিমাণটি পাঠান।
try-again = অনুগ্রহ করে আবার চেষ্টা করুন।

input-phone-id = এটি ইন্দোনেশিয়ার মোবাইল নম্বর নয়। নম্বরটি 08, 628 বা +628 দিয়ে শুরু হয় এবং এতে 10 থেকে 13টি অঙ্ক থাকে, যেমন 081234567890।
input-phone-bd = এটি বাংলাদেশের মোবাইল নম্বর নয়। নম্বরটি 01 বা +8801 দিয়ে শুরু হয় এবং দেশের কোড বাদ দিলে এতে 11টি অঙ্ক থাকে, যেমন 01712345678।
input-player-id = এটি প্লেয়ার আইডির মতো দেখাচ্ছে না: শুধু অক্ষর ও সংখ্যা ব্যবহার করুন (সর্বোচ্চ 32টি)।
input-zone = এটি জোন বা সার্ভার আইডির মতো দেখাচ্ছে না: শুধু অক্ষর ও সংখ্যা ব্যবহার করুন (সর্বোচ্চ 16টি)।
input-meter = PLN মিটার নম্বরে 11টি এবং গ্রাহক আইডিতে 12টি অঙ্ক থাকে।
input-customer-number = গ্রাহক নম্বরে 6 থেকে 20টি অঙ্ক থাকে।
input-amount = অনুগ্রহ করে একটি পূর্ণসংখ্যা পাঠান, যেমন 50।
input-amount-low = সর্বনিম্ন পরিমাণ { $min }।
input-amount-high = সর্বোচ্চ পরিমাণ { $max }।

check-invalid = এই অ্যাকাউন্টটি পাওয়া যায়নি। আপনি যা লিখেছেন তা আবার দেখুন।
check-no-bill = এই নম্বরের কোনো অপরিশোধিত বিল পাওয়া যায়নি।
check-unavailable = এই মুহূর্তে আমরা এটি যাচাই করতে পারছি না। আবার চেষ্টা করুন, অথবা বাতিল করুন।
check-running = এখনও যাচাই করা হচ্ছে — অনুগ্রহ করে একটু অপেক্ষা করুন।

summary-title = <b>অনুগ্রহ করে আপনার অর্ডারটি যাচাই করুন</b>
summary-product = পণ্য: <b>{ $product }</b>
summary-target = { $label }: <code>{ $target }</code>
summary-name = নাম: <b>{ $name }</b>
summary-bill-period = বিলের সময়কাল: { $period }
summary-bill-total = বিল: { $amount }
summary-amount = পরিমাণ: { $amount }
summary-price = দাম: <b>{ $price }</b>
summary-balance-after = ব্যালেন্স: { $balance } → এই অর্ডারের পরে: <b>{ $after }</b>
summary-insufficient = ব্যালেন্স: { $balance }। ⚠ যথেষ্ট ব্যালেন্স নেই: আরও <b>{ $missing }</b> প্রয়োজন। অনুগ্রহ করে আগে আপনার ওয়ালেট টপ-আপ করুন।
label-phone = নম্বর
label-player = প্লেয়ার
label-meter = মিটার
label-customer-number = গ্রাহক নম্বর
price-changed = ⚠ দাম { $old } থেকে বদলে <b>{ $new }</b> হয়েছে। অনুগ্রহ করে আবার নিশ্চিত করুন।

orders-none = আপনার এখনো কোনো অর্ডার নেই।
orders-title = <b>আপনার অর্ডারগুলো</b>, নতুনগুলো আগে। বিস্তারিত দেখতে যেকোনো একটিতে চাপুন।
order-not-found = অর্ডারটি পাওয়া যায়নি।
order-created-at = অর্ডারের তারিখ: { $date }
order-already-placed = এই অর্ডারটি আগেই দেওয়া হয়েছে।
order-insufficient = ⚠ যথেষ্ট ব্যালেন্স নেই: আরও <b>{ $missing }</b> প্রয়োজন। কোনো টাকা কাটা হয়নি।
order-state-processing = ⏳
order-state-success = ✅
order-state-failed = ❌
order-state-refunded = ↩️

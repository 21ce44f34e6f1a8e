# ওয়ালেট টপ-আপ (QRIS ডিপোজিট)।

menu-topup = ➕ ওয়ালেট টপ-আপ
topup-choose = আপনার ওয়ালেটে কত যোগ করতে চান? একটি পরিমাণ বেছে নিন বা <b>অন্য পরিমাণ</b> চাপুন ({ $min } থেকে { $max })।
topup-other = ✏️ অন্য পরিমাণ
topup-ask-amount = যোগ করার পরিমাণ লিখুন, যেমন <i>50000</i> বা <i>50k</i> ({ $min } থেকে { $max })।
topup-not-understood = পরিমাণটি বুঝতে পারিনি। <i>50000</i> এর মতো একটি সংখ্যা লিখুন, অথবা /cancel।
topup-out-of-range = পরিমাণ <b>{ $min }</b> থেকে <b>{ $max }</b> এর মধ্যে হতে হবে। অনুগ্রহ করে অন্য পরিমাণ লিখুন।
topup-unavailable = এখন টপ-আপ করা যাচ্ছে না। অনুগ্রহ করে পরে আবার চেষ্টা করুন।
topup-caption = যেকোনো ব্যাংক বা ই-ওয়ালেট অ্যাপ দিয়ে এই QRIS কোডটি স্ক্যান করুন।
    ঠিক এই পরিমাণ দিন: <b>{ $total }</b>
    আপনার ওয়ালেটে যোগ হবে: { $amount }
    ফি: { $fee }
    পরিশোধের শেষ সময়: { $expires }
topup-already-open = আপনার <b>{ $amount }</b> এর একটি খোলা টপ-আপ আছে, যা { $expires } এর আগে পরিশোধ করতে হবে। উপরের QR কোড দিয়ে পরিশোধ করুন, অথবা আগে সেটি বাতিল করুন।
topup-button-cancel = ✖️ টপ-আপ বাতিল
topup-cancelled = আপনার টপ-আপ বাতিল করা হয়েছে। কোনো টাকা কাটা হয়নি।
topup-cancel-too-late = এই টপ-আপ আর বাতিল করা যাবে না।

deposit-qr-paid = পরিশোধিত: { $amount } আপনার ওয়ালেটে যোগ হয়েছে। এই কোডটি বন্ধ।
deposit-paid = ✅ { $amount } আপনার ওয়ালেটে যোগ হয়েছে। আপনার ব্যালেন্স এখন { $balance }।
deposit-qr-expired = মেয়াদোত্তীর্ণ: { $amount } এর এই কোডটি আর পরিশোধ করা যাবে না।
deposit-expired = আপনার { $amount } এর টপ-আপটি পরিশোধের আগেই মেয়াদোত্তীর্ণ হয়েছে। কোনো টাকা কাটা হয়নি; মেনু থেকে নতুন একটি শুরু করতে পারেন।
deposit-qr-cancelled = বাতিল: { $amount } এর এই কোডটি আর পরিশোধ করা যাবে না।
deposit-cancelled = আপনার { $amount } এর টপ-আপটি বাতিল করা হয়েছে। কোনো টাকা কাটা হয়নি।

alert-deposit-paid-late = ⚠️ অ্যাডমিন: ব্যবহারকারী { $user } এর ডিপোজিট { $reference } ({ $provider }) বন্ধ হওয়ার পরে পরিশোধ হয়েছে ({ $state }); { $received } ওয়ালেটে জমা হয়েছে।
alert-deposit-amount-differs = ⚠️ অ্যাডমিন: ব্যবহারকারী { $user } এর ডিপোজিট { $reference } ({ $provider }) { $amount } এর জন্য ছিল কিন্তু { $received } পাওয়া ও জমা হয়েছে।

topup-cancel-failed = টপ-আপটি এই মুহূর্তে বাতিল করা গেল না। একটু পরে আবার চেষ্টা করুন।
topup-history-button = 🧾 আমার টপ-আপ
topup-history-title = <b>আপনার টপ-আপ</b> (নতুনগুলো আগে):
topup-history-none = আপনার এখনও কোনো টপ-আপ নেই।
topup-history-item = { $date } · { $amount } · { $state }
topup-state-pending = ⏳ পেমেন্টের অপেক্ষায়
topup-state-paid = ✅ ওয়ালেটে যোগ হয়েছে
topup-state-expired = ⌛ মেয়াদ শেষ
topup-state-cancelled = ✖️ বাতিল
topup-state-failed = ⚠️ খোলা হয়নি
